//! The life of an audit (DESIGN.md §2.2): in progress → completed → signed
//! off. Answers change only while in progress; afterwards only by an
//! amendment that keeps the original.

use crate::error::{AppError, AppResult};
use crate::views::AuditStatus;

/// What someone wants to do to an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Record,
    Complete,
    SignOff,
    Amend,
}

/// Whether `step` is allowed in `status`, with a message saying why not.
pub fn check(status: AuditStatus, step: Step) -> AppResult<()> {
    use AuditStatus::*;
    use Step::*;
    let why = match (status, step) {
        (InProgress, Record | Complete) => return Ok(()),
        (Completed, SignOff | Amend) => return Ok(()),
        (SignedOff, Amend) => return Ok(()),
        (InProgress, SignOff) => "complete the walk-round before signing it off",
        (InProgress, Amend) => "the walk-round is still in progress: change the answer itself",
        (Completed, Record) => "the walk-round is completed: correct it by an amendment",
        (SignedOff, Record) => "the walk-round is signed off: correct it by an amendment",
        (Completed, Complete) | (SignedOff, Complete) => "the walk-round is already completed",
        (SignedOff, SignOff) => "the walk-round is already signed off",
    };
    Err(AppError::invalid_state(why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use AuditStatus::*;
    use Step::*;

    #[test]
    fn audit_lifecycle_transitions_table() {
        let table = [
            (InProgress, Record, true),
            (InProgress, Complete, true),
            (InProgress, SignOff, false),
            (InProgress, Amend, false),
            (Completed, Record, false),
            (Completed, Complete, false),
            (Completed, SignOff, true),
            (Completed, Amend, true),
            (SignedOff, Record, false),
            (SignedOff, Complete, false),
            (SignedOff, SignOff, false),
            (SignedOff, Amend, true),
        ];
        for (status, step, ok) in table {
            assert_eq!(check(status, step).is_ok(), ok, "{status:?} {step:?}");
        }
        assert_eq!(check(SignedOff, SignOff).unwrap_err().code, crate::ErrorCode::InvalidState);
    }
}
