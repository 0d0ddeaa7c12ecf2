//! Text safety and measurement for the built-in Helvetica fonts.
//!
//! The standard-14 fonts are written with `WinAnsiEncoding` (effectively
//! Windows-1252), so only those characters can be shown. [`sanitize`] keeps
//! what WinAnsi can show and transliterates everything else to ASCII, so
//! nothing is silently turned into `?` by the PDF writer. [`text_width`]
//! measures with the Helvetica AFM widths (in 1/1000 em).

/// The two faces the reports use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
}

/// Helvetica widths for ASCII 0x20..=0x7E, in 1/1000 em.
const REGULAR_ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'..'~'
];

/// Helvetica-Bold widths for ASCII 0x20..=0x7E, in 1/1000 em.
const BOLD_ASCII: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // '0'..'?'
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 'P'..'_'
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // '`'..'o'
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // 'p'..'~'
];

/// Helvetica widths for Latin-1 0xA0..=0xFF, in 1/1000 em.
const REGULAR_LATIN1: [u16; 96] = [
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // A0..AF
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // B0..BF
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // C0..CF
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // D0..DF
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // E0..EF
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // F0..FF
];

/// The WinAnsi characters in 0x80..=0x9F (which are not Latin-1) and their
/// Helvetica widths.
const WINANSI_EXTRA: [(char, u16); 27] = [
    ('\u{20AC}', 556),  // euro
    ('\u{201A}', 222),  // single low quote
    ('\u{0192}', 556),  // florin
    ('\u{201E}', 333),  // double low quote
    ('\u{2026}', 1000), // ellipsis
    ('\u{2020}', 556),  // dagger
    ('\u{2021}', 556),  // double dagger
    ('\u{02C6}', 333),  // circumflex
    ('\u{2030}', 1000), // per mille
    ('\u{0160}', 667),  // S caron
    ('\u{2039}', 333),  // single left angle quote
    ('\u{0152}', 1000), // OE
    ('\u{017D}', 611),  // Z caron
    ('\u{2018}', 222),  // left single quote
    ('\u{2019}', 222),  // right single quote
    ('\u{201C}', 333),  // left double quote
    ('\u{201D}', 333),  // right double quote
    ('\u{2022}', 350),  // bullet
    ('\u{2013}', 556),  // en dash
    ('\u{2014}', 1000), // em dash
    ('\u{02DC}', 333),  // small tilde
    ('\u{2122}', 1000), // trade mark
    ('\u{0161}', 500),  // s caron
    ('\u{203A}', 333),  // single right angle quote
    ('\u{0153}', 944),  // oe
    ('\u{017E}', 500),  // z caron
    ('\u{0178}', 667),  // Y diaeresis
];

/// Width used for anything not in the tables (never reached after
/// [`sanitize`], kept as a conservative fallback).
const FALLBACK_WIDTH: u16 = 1000;

fn regular_width(c: char) -> u16 {
    let code = c as u32;
    match code {
        0x20..=0x7E => REGULAR_ASCII.get((code - 0x20) as usize).copied().unwrap_or(FALLBACK_WIDTH),
        0xA0..=0xFF => REGULAR_LATIN1.get((code - 0xA0) as usize).copied().unwrap_or(FALLBACK_WIDTH),
        _ => WINANSI_EXTRA.iter().find(|(ch, _)| *ch == c).map(|(_, w)| *w).unwrap_or(FALLBACK_WIDTH),
    }
}

/// Width of one character in 1/1000 em.
pub(crate) fn char_width(c: char, face: Face) -> u16 {
    match face {
        Face::Regular => regular_width(c),
        Face::Bold => {
            let code = c as u32;
            if (0x20..=0x7E).contains(&code) {
                BOLD_ASCII.get((code - 0x20) as usize).copied().unwrap_or(FALLBACK_WIDTH)
            } else {
                // Bold is at most about 20% wider than regular for these glyphs.
                let w = u32::from(regular_width(c)) * 6 / 5;
                u16::try_from(w).unwrap_or(FALLBACK_WIDTH)
            }
        }
    }
}

/// Width of `s` in points at `size`.
pub(crate) fn text_width(s: &str, face: Face, size: f32) -> f32 {
    let units: u64 = s.chars().map(|c| u64::from(char_width(c, face))).sum();
    units as f32 * size / 1000.0
}

/// Whether the built-in fonts (WinAnsi) can show `c` as it is.
fn is_winansi(c: char) -> bool {
    let code = c as u32;
    (0x20..=0x7E).contains(&code)
        || ((0xA1..=0xFF).contains(&code) && code != 0xAD)
        || WINANSI_EXTRA.iter().any(|(ch, _)| *ch == c)
}

/// Make `s` safe for a built-in font: keep WinAnsi characters, turn tabs and
/// odd spaces into spaces, keep `\n` (a hard line break for the wrapper), drop
/// other control characters, and transliterate anything else to ASCII
/// (`?` when there is no transliteration).
pub(crate) fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_winansi(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push('\n'),
            '\r' | '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => {}
            '\t' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => out.push(' '),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{2010}'..='\u{2012}' | '\u{2015}' | '\u{2212}' => out.push('-'),
            c if c.is_control() => {}
            c => match deunicode::deunicode_char(c) {
                Some(ascii) if !ascii.is_empty() => {
                    out.extend(ascii.chars().filter(|ch| (' '..='~').contains(ch)));
                }
                _ => out.push('?'),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_winansi_and_transliterates_the_rest() {
        assert_eq!(sanitize("Café £5 – ‘ok’"), "Café £5 – ‘ok’");
        assert_eq!(sanitize("Łódź ward\tA\r\n"), "Lódz ward A\n");
        assert_eq!(sanitize("≥ 2 m"), ">= 2 m");
        assert_eq!(sanitize("a\u{0}b"), "ab");
        for c in sanitize("日本 🙂 Ωμέγα ∑").chars() {
            assert!(c == '\n' || is_winansi(c), "{c:?} left in");
        }
    }

    #[test]
    fn widths_are_plausible() {
        let w = text_width("Hello", Face::Regular, 10.0);
        assert!((w - 22.78).abs() < 0.01, "{w}");
        assert!(text_width("Hello", Face::Bold, 10.0) > w);
        assert_eq!(text_width("", Face::Regular, 10.0), 0.0);
    }
}
