//! Shared set-up for the command tests: a demo trust in a temporary database.

#![allow(dead_code)]

pub mod episodes;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use wardsafe_commands::{App, AppError, ErrorCode};

pub struct Trust {
    pub _dir: tempfile::TempDir,
    pub app: App,
    pub sessions: HashMap<&'static str, String>,
}

pub const USERS: [&str; 6] = ["nurse", "manager", "matron", "estates", "governance", "admin"];

/// The system clock moved on (or back) by a set amount: for what takes
/// years to become allowed (purging a record kept 3 years).
#[derive(Default)]
pub struct ShiftedClock {
    offset_ms: AtomicI64,
}

impl ShiftedClock {
    /// Move the clock to `offset` from the real time.
    pub fn set(&self, offset: chrono::Duration) {
        self.offset_ms.store(offset.num_milliseconds(), Ordering::SeqCst);
    }
}

impl wardsafe_store::Clock for ShiftedClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }
    fn new_id(&self) -> uuid::Uuid {
        uuid::Uuid::now_v7()
    }
}

impl Trust {
    pub fn demo() -> Trust {
        Trust::demo_with(None)
    }

    /// The demo trust on a clock the test can move.
    pub fn demo_with_clock() -> (Trust, Arc<ShiftedClock>) {
        let clock = Arc::new(ShiftedClock::default());
        (Trust::demo_with(Some(clock.clone())), clock)
    }

    fn demo_with(clock: Option<Arc<ShiftedClock>>) -> Trust {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wardsafe.sqlite3");
        let app = match clock {
            Some(c) => App::open_with_clock(&path, c).unwrap(),
            None => App::open(&path).unwrap(),
        };
        app.call("load_demo", None, Value::Null).unwrap();
        let mut sessions = HashMap::new();
        for u in USERS {
            let out = app.call("sign_in", None, json!({"username": u, "password": "demo-password"})).unwrap();
            sessions.insert(u, out["session"].as_str().unwrap().to_string());
        }
        Trust { _dir: dir, app, sessions }
    }

    pub fn call(&self, user: &str, command: &str, input: Value) -> Result<Value, AppError> {
        self.app.call(command, Some(self.sessions[user].as_str()), input)
    }

    pub fn ok(&self, user: &str, command: &str, input: Value) -> Value {
        self.call(user, command, input).unwrap_or_else(|e| panic!("{user} {command}: {e}"))
    }

    pub fn err(&self, user: &str, command: &str, input: Value) -> AppError {
        match self.call(user, command, input) {
            Ok(v) => panic!("{user} {command} should fail but returned {v}"),
            Err(e) => e,
        }
    }

    pub fn ward(&self, name: &str) -> String {
        let wards = self.ok("admin", "list_my_wards", Value::Null);
        wards.as_array().unwrap().iter().find(|w| w["ward"]["name"] == name).unwrap_or_else(|| panic!("no ward {name}"))
            ["ward"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Rows in a table, deleted or not: to check that nothing was written.
    pub fn rows(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        self.app.store().read(|c| Ok(c.query_row(&sql, [], |r| r.get(0)).unwrap())).unwrap()
    }

    pub fn log_len(&self) -> usize {
        self.app.store().read(|c| wardsafe_store::queries::change_log(c, 0, i64::MAX)).unwrap().len()
    }

    /// Answer every question of an audit the safe way ("yes", a number in range, a passing choice).
    pub fn answer_everything(&self, user: &str, audit: &Value) {
        let id = audit["audit"]["id"].as_str().unwrap();
        let t = &audit["template"];
        let per_area = t["scope"] == "per_area";
        let places: Vec<Option<(&str, &str)>> = if per_area {
            audit["areas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| Some((a["id"].as_str().unwrap(), a["areaType"].as_str().unwrap())))
                .collect()
        } else {
            vec![None]
        };
        for place in places {
            for s in t["sections"].as_array().unwrap() {
                let applies = s["appliesTo"].as_array().unwrap();
                if let Some((_, kind)) = place {
                    if !applies.is_empty() && !applies.iter().any(|k| k == kind) {
                        continue;
                    }
                }
                for q in s["questions"].as_array().unwrap() {
                    let value = match q["kind"].as_str().unwrap() {
                        "yes_no_na" => "yes".to_string(),
                        "number" => "40".to_string(),
                        "choice" => {
                            let fail = q["failChoices"].as_array().unwrap();
                            q["choices"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .find(|c| !fail.contains(c))
                                .unwrap()
                                .as_str()
                                .unwrap()
                                .to_string()
                        }
                        _ => continue,
                    };
                    let mut input = json!({"auditId": id, "questionId": q["id"], "value": value});
                    if let Some((area, _)) = place {
                        input["areaId"] = json!(area);
                    }
                    self.ok(user, "save_answer", input);
                }
            }
        }
    }
}

pub fn assert_code(e: &AppError, code: ErrorCode, field: Option<&str>) {
    assert_eq!(e.code, code, "{e}");
    if let Some(f) = field {
        assert_eq!(e.field.as_deref(), Some(f), "{e}");
    }
}
