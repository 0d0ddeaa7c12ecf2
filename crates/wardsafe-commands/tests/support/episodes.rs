//! Seclusion episodes for the command tests: a clock of whole minutes
//! before now (starts may be recorded after the fact), and the steps.

use super::Trust;
use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::{json, Value};

pub const NHS: &str = "943 476 5919";
pub const OTHER_NHS: &str = "4010232137";
pub const PATIENT: &str = "Jordan Example";

pub struct Clock {
    pub start: DateTime<Utc>,
}

impl Clock {
    /// An episode that started `minutes` ago (to the whole minute).
    pub fn ago(minutes: i64) -> Clock {
        let now = Utc::now().duration_trunc(Duration::minutes(1)).unwrap();
        Clock { start: now - Duration::minutes(minutes) }
    }
    /// `m` minutes after the start.
    pub fn at(&self, m: i64) -> DateTime<Utc> {
        self.start + Duration::minutes(m)
    }
    pub fn s(&self, m: i64) -> String {
        self.at(m).to_rfc3339()
    }
}

pub fn time(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str().map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

pub fn requirement<'a>(detail: &'a Value, rule: &str) -> &'a Value {
    let reqs = detail["compliance"]["requirements"].as_array().unwrap();
    reqs.iter().find(|r| r["ruleId"] == rule).unwrap_or_else(|| panic!("no requirement {rule}"))
}

pub fn room(t: &Trust, user: &str, ward: &str) -> Value {
    t.ok(user, "list_areas", json!({"wardId": ward}))[0]["id"].clone()
}

pub fn seclude(t: &Trust, user: &str, ward: &str, c: &Clock, nhs: &str, doctor: bool) -> Value {
    let by = if doctor { "doctor" } else { "registered_nurse" };
    t.ok(
        user,
        "start_seclusion",
        json!({"wardId": ward, "roomAreaId": room(t, "matron", ward), "patientName": PATIENT, "nhsNumber": nhs,
               "startedAt": c.s(0), "authorisedBy": by, "authorisedByName": "A Person",
               "reason": "Serious assault on a member of staff"}),
    )
}

pub fn id(detail: &Value) -> Value {
    detail["episode"]["episode"]["id"].clone()
}

pub fn observe(t: &Trust, episode: &Value, at: String) -> Value {
    t.ok("nurse", "record_observation", json!({"episodeId": episode, "at": at, "by": "healthcare_assistant"}))
}
