//! Where the store gets the time and new ids. The app uses the system clock;
//! the sync simulation passes a seeded one so that a failing history replays
//! exactly.

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    fn new_id(&self) -> Uuid;
}

/// The real clock and UUID v7 ids (DESIGN.md §1 rule 8).
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }
}
