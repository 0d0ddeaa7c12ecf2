//! A walk-round's summary and its comparison with the ward's previous
//! walk-round (DESIGN.md §2.2): what is new, unchanged, worse, better and
//! resolved.

use crate::ligature::{is_open, PointStatus};
use crate::place::Tier;
use crate::risk::Band;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// First recorded in this walk-round.
    New,
    Unchanged,
    /// Its score went up.
    Worse,
    /// Its score went down.
    Better,
    /// Open before, removed or accepted now.
    Resolved,
    /// Known before, but not re-assessed in this walk-round.
    NotReassessed,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::New => "New",
            Change::Unchanged => "Unchanged",
            Change::Worse => "Worse",
            Change::Better => "Better",
            Change::Resolved => "Resolved",
            Change::NotReassessed => "Not re-assessed",
        }
    }
}

/// One assessment as the comparison needs it: the score that counts
/// (the residual score where controls were recorded) and the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessed {
    pub score: u8,
    pub status: PointStatus,
}

/// Classify one point given its assessment in the previous walk-round and in this one.
pub fn classify(previous: Option<Assessed>, current: Option<Assessed>) -> Option<Change> {
    match (previous, current) {
        (None, None) => None,
        (None, Some(_)) => Some(Change::New),
        (Some(p), None) => is_open(p.status).then_some(Change::NotReassessed),
        (Some(p), Some(c)) => Some(if is_open(p.status) && !is_open(c.status) {
            Change::Resolved
        } else if !is_open(p.status) && !is_open(c.status) {
            Change::Unchanged
        } else if c.score > p.score || (!is_open(p.status) && is_open(c.status)) {
            Change::Worse
        } else if c.score < p.score {
            Change::Better
        } else {
            Change::Unchanged
        }),
    }
}

/// A count under a label, for tables and charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Count<K> {
    pub key: K,
    pub count: u32,
}

/// Open risks by band and by tier: every band and tier appears, zeros included,
/// so that a table or chart has a stable shape.
pub fn open_counts(points: impl IntoIterator<Item = (Tier, Assessed)>) -> (Vec<Count<Band>>, Vec<Count<Tier>>) {
    let mut bands: Vec<Count<Band>> = Band::ALL.iter().map(|b| Count { key: *b, count: 0 }).collect();
    let mut tiers: Vec<Count<Tier>> = Tier::ALL.iter().map(|t| Count { key: *t, count: 0 }).collect();
    for (tier, a) in points {
        if !is_open(a.status) {
            continue;
        }
        let band = Band::of_score(a.score);
        if let Some(c) = bands.iter_mut().find(|c| c.key == band) {
            c.count += 1;
        }
        if let Some(c) = tiers.iter_mut().find(|c| c.key == tier) {
            c.count += 1;
        }
    }
    (bands, tiers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PointStatus::*;

    fn a(score: u8, status: PointStatus) -> Option<Assessed> {
        Some(Assessed { score, status })
    }

    #[test]
    fn walkround_comparison_classifies_every_case() {
        let cases = [
            (None, a(12, Open), Some(Change::New)),
            (a(12, Open), a(12, Open), Some(Change::Unchanged)),
            (a(12, Open), a(16, Open), Some(Change::Worse)),
            (a(12, Open), a(6, Mitigated), Some(Change::Better)),
            (a(12, Open), a(12, Removed), Some(Change::Resolved)),
            (a(12, Mitigated), a(12, Accepted), Some(Change::Resolved)),
            (a(12, Removed), a(4, Open), Some(Change::Worse)),
            (a(12, Removed), a(12, Removed), Some(Change::Unchanged)),
            (a(12, Open), None, Some(Change::NotReassessed)),
            (a(12, Removed), None, None),
            (None, None, None),
        ];
        for (prev, cur, want) in cases {
            assert_eq!(classify(prev, cur), want, "{prev:?} -> {cur:?}");
        }
    }

    #[test]
    fn open_counts_cover_every_band_and_tier_and_skip_closed_points() {
        let (bands, tiers) = open_counts([
            (Tier::Three, Assessed { score: 16, status: Open }),
            (Tier::Three, Assessed { score: 2, status: Mitigated }),
            (Tier::Two, Assessed { score: 9, status: Removed }),
        ]);
        let b: Vec<u32> = bands.iter().map(|c| c.count).collect();
        assert_eq!(b, vec![1, 0, 0, 1]);
        let t: Vec<u32> = tiers.iter().map(|c| c.count).collect();
        assert_eq!(t, vec![0, 0, 2]);
    }
}
