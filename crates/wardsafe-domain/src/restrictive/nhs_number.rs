//! NHS numbers (DESIGN.md §2.4, use of force record (g)): 10 digits, the last
//! a modulus 11 check digit over the first nine weighted 10 down to 2. A
//! remainder giving 11 means check digit 0; one giving 10 is never issued.
//!
//! An NHS number identifies a patient: its `Debug` form is redacted so it
//! never reaches a log, and errors never repeat it.

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A valid NHS number, its 10 digits without spaces.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Parse what a person typed: spaces (e.g. `943 476 5919`) are allowed;
    /// `field` names the input in the error.
    pub fn parse(field: &str, input: &str) -> AppResult<NhsNumber> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::validation(field, "an NHS number is 10 digits"));
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(digit, weight)| digit * weight).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return Err(AppError::validation(field, "this is not a valid NHS number (check the digits)")),
            c => c,
        };
        if check != d[9] {
            return Err(AppError::validation(field, "this is not a valid NHS number: the check digit is wrong"));
        }
        Ok(NhsNumber(digits))
    }
    pub fn digits(&self) -> &str {
        &self.0
    }
    /// As printed on NHS documents: `943 476 5919`.
    pub fn spaced(&self) -> String {
        format!("{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

impl std::fmt::Debug for NhsNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NhsNumber(<redacted>)")
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        NhsNumber::parse("nhsNumber", &s).map_err(|e| e.message)
    }
}

impl From<NhsNumber> for String {
    fn from(n: NhsNumber) -> String {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers_are_10_digits_with_a_modulus_11_check_digit() {
        let cases = [
            ("9434765919", true),      // 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 299 ≡ 2 → 11 - 2 = 9
            ("943 476 5919", true),    // spaces allowed
            (" 943  476 5919 ", true), // anywhere
            ("4010232137", true),      // 92 ≡ 4 → 7
            ("1234567881", true),      // 208 ≡ 10 → 1
            ("9876543210", true),      // 330 ≡ 0 → 11 → 0
            ("9434765918", false),     // wrong check digit
            ("9434765910", false),
            ("4010232138", false),
            ("943476591", false),   // 9 digits
            ("94347659190", false), // 11 digits
            ("943-476-5919", false),
            ("943476591X", false),
            ("", false),
        ];
        for (input, valid) in cases {
            let got = NhsNumber::parse("nhsNumber", input);
            assert_eq!(got.is_ok(), valid, "{input:?}: {got:?}");
            if let Err(e) = got {
                assert_eq!(e.field.as_deref(), Some("nhsNumber"));
                let digits: String = input.chars().filter(|c| c.is_ascii_digit()).collect();
                assert!(digits.is_empty() || !e.message.contains(&digits), "never echoed: {}", e.message);
            }
        }
        assert_eq!(NhsNumber::parse("x", "943 476 5919").unwrap().digits(), "9434765919");
        assert_eq!(NhsNumber::parse("x", "9434765919").unwrap().spaced(), "943 476 5919");
    }

    #[test]
    fn nhs_number_whose_check_digit_would_be_10_is_invalid() {
        // 000000006·: 6·2 = 12 ≡ 1 → 11 - 1 = 10, a number never issued, whatever its last digit.
        for last in 0..=9 {
            let n = format!("000000006{last}");
            let e = NhsNumber::parse("patient.nhsNumber", &n).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("patient.nhsNumber"), "{n}");
        }
    }

    #[test]
    fn nhs_numbers_never_show_in_debug_output() {
        let n = NhsNumber::parse("nhsNumber", "9434765919").unwrap();
        assert!(!format!("{n:?}").contains("943"));
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"9434765919\"");
        let back: NhsNumber = serde_json::from_str("\"943 476 5919\"").unwrap();
        assert_eq!(back, n);
        assert!(serde_json::from_str::<NhsNumber>("\"9434765918\"").is_err());
    }
}
