//! What sync needs to know about each record type (DESIGN.md §3): which
//! ward a record belongs to (a device only ever receives its own wards),
//! whether it is append-only (never in conflict), which of its fields are
//! safety-critical (a concurrent edit becomes a conflict a person resolves
//! instead of last-writer-wins), and which fields must be unique.

/// How to find the ward a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The record is a ward.
    Ward,
    /// The record names its ward in this field.
    Field(&'static str),
    /// The record belongs to the ward of the record this field names (of this type).
    Parent(&'static str, &'static str),
    /// Trust-wide (sites, people, templates, photos' metadata): every device
    /// receives them; only an administrator may change them.
    Trust,
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub entity: &'static str,
    pub scope: Scope,
    /// Each record is written once and only amended by new records: never in conflict.
    pub append_only: bool,
    /// Concurrent edits of these fields keep both values as a conflict.
    pub critical: &'static [&'static str],
    /// These fields together must be unique among live records of the type.
    pub unique: &'static [&'static str],
    /// Any enrolled device may add one, not only an administrator (trust-wide records only).
    pub anyone_adds: bool,
}

const fn rule(entity: &'static str, scope: Scope) -> Rule {
    Rule { entity, scope, append_only: false, critical: &[], unique: &[], anyone_adds: false }
}

pub const RULES: &[Rule] = &[
    rule("site", Scope::Trust),
    rule("ward", Scope::Ward),
    rule("area", Scope::Field("ward_id")),
    Rule { unique: &["username"], ..rule("user", Scope::Trust) },
    rule("user_role", Scope::Trust),
    Rule { unique: &["key", "version"], ..rule("template", Scope::Trust) },
    rule("audit", Scope::Field("ward_id")),
    Rule { append_only: true, ..rule("answer", Scope::Parent("audit_id", "audit")) },
    Rule { append_only: true, ..rule("amendment", Scope::Parent("audit_id", "audit")) },
    // A point's status and its current score (the latest assessment) are
    // safety-critical (DESIGN.md §3).
    Rule { critical: &["status", "latest_assessment"], ..rule("ligature_point", Scope::Field("ward_id")) },
    Rule { append_only: true, ..rule("ligature_assessment", Scope::Parent("point_id", "ligature_point")) },
    // A photo is named by its SHA-256 and holds no patient data; whoever
    // takes one on a walk-round adds it.
    Rule { append_only: true, anyone_adds: true, ..rule("photo", Scope::Trust) },
    // Made by the server; devices resolve them.
    rule("conflict", Scope::Field("ward_id")),
    // Where an action stands and who holds it are safety-critical: two
    // people moving the same action at once must see it (DESIGN.md §3).
    Rule { critical: &["status", "assignee_id", "due_date"], ..rule("action", Scope::Field("ward_id")) },
    Rule { append_only: true, ..rule("action_event", Scope::Parent("action_id", "action")) },
    rule("interim_control", Scope::Field("ward_id")),
    rule("remediation_policy", Scope::Trust),
    // When a seclusion or segregation started and ended, and how, decide
    // every review the Code of Practice chapter 26 owes (DESIGN.md §2.4): two
    // devices recording them differently must see it, not lose one. The
    // matron's sign-off is an ordinary field.
    Rule { critical: &["started_at", "ended_at", "ending"], ..rule("restrictive_episode", Scope::Field("ward_id")) },
    // Observations and reviews are the episode's timeline: append-only (DESIGN.md §3).
    Rule { append_only: true, ..rule("episode_observation", Scope::Parent("episode_id", "restrictive_episode")) },
    Rule { append_only: true, ..rule("episode_review", Scope::Parent("episode_id", "restrictive_episode")) },
    rule("review_rules", Scope::Trust),
    // A use of force record is kept as made (s6 of the 2018 Act; DESIGN.md §3: append-only).
    Rule { append_only: true, ..rule("use_of_force", Scope::Field("ward_id")) },
    rule("blanket_restriction", Scope::Field("ward_id")),
];

/// The rule for a record type, if it is one this version knows.
pub fn rule_for(entity: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.entity == entity)
}

/// Record types the server makes itself; a device may update but not create them.
pub fn server_made(entity: &str) -> bool {
    entity == "conflict"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_type_of_the_local_store_has_a_rule_except_the_device_row() {
        for e in wardsafe_store::Entity::ALL {
            if e == wardsafe_store::Entity::Device {
                assert!(rule_for(e.name()).is_none(), "the device row never leaves the device");
            } else {
                assert!(rule_for(e.name()).is_some(), "no sync rule for {}", e.name());
            }
        }
    }

    #[test]
    fn append_only_records_have_no_critical_fields() {
        for r in RULES {
            assert!(!r.append_only || r.critical.is_empty(), "{}", r.entity);
        }
    }

    #[test]
    fn a_parent_scope_names_a_known_record_type() {
        for r in RULES {
            if let Scope::Parent(_, parent) = r.scope {
                assert!(rule_for(parent).is_some(), "{} names unknown parent {parent}", r.entity);
            }
        }
    }
}
