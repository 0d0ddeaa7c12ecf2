//! Seclusion, long-term segregation (LTS) and other restrictive practice
//! (DESIGN.md §2.4): the records, the review engine that says whether every
//! review the Mental Health Act 1983 Code of Practice (England, 2015) chapter
//! 26 asks for was done, use of force records under the Mental Health Units
//! (Use of Force) Act 2018 s6, and the blanket restrictions register.
//!
//! Instants are UTC. Review intervals are elapsed time (DESIGN.md §1 rule 7),
//! so "every 2 hours" is 2 hours of real time across the change to and from
//! British Summer Time; only intervals given in months count London calendar
//! months.

pub mod blanket;
pub mod board;
pub mod checks;
pub mod compliance;
pub mod engine;
pub mod episode;
pub mod force_views;
mod independent;
pub mod month;
pub mod nhs_number;
pub mod notices;
pub mod report;
pub mod restraint;
pub mod rules;
mod schedule;
pub mod use_of_force;
pub mod views;
pub mod vocab;

pub use compliance::{Compliance, ComplianceRequest, ComplianceState, Occurrence, Requirement};
pub use engine::evaluate;
pub use episode::{Episode, EpisodeSpan, EpisodeTimeline, Observation, Review};
pub use nhs_number::NhsNumber;
pub use rules::{Interval, ReviewRule, ReviewRules, RuleId, Trigger};
pub use vocab::{ClinicalRole, EpisodeEnding, EpisodeKind, ReviewKind};

#[cfg(test)]
pub(crate) mod test_util {
    use chrono::{DateTime, Utc};

    pub fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
}

#[cfg(test)]
mod engine_lts_tests;
#[cfg(test)]
mod engine_props;
#[cfg(test)]
mod engine_tests;
#[cfg(test)]
mod testkit;
