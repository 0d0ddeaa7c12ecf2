//! Counting by key without a string map per cell: every distinct key of a
//! report (a rule id, a position code, a characteristic's value) is numbered
//! once, and each ward-month keeps plain counters by number. A year of a
//! trust adds up hundreds of thousands of counts (docs/benchmarks.md).

use std::collections::{BTreeMap, HashMap};

/// The distinct keys seen, numbered in order of first sight.
#[derive(Default)]
pub(super) struct Keys {
    index: HashMap<String, usize>,
    names: Vec<String>,
}

impl Keys {
    /// The number of `key`, numbering it when it is new.
    pub(super) fn id(&mut self, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        self.names.push(key.to_string());
        self.index.insert(key.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }

    pub(super) fn name(&self, id: usize) -> &str {
        &self.names[id]
    }
}

/// Counts by key number.
#[derive(Default, Clone)]
pub(super) struct Tally(Vec<u32>);

impl Tally {
    pub(super) fn add(&mut self, id: usize, n: u32) {
        if self.0.len() <= id {
            self.0.resize(id + 1, 0);
        }
        self.0[id] += n;
    }

    pub(super) fn get(&self, id: usize) -> u32 {
        self.0.get(id).copied().unwrap_or(0)
    }

    /// The keys counted at least once, by name.
    pub(super) fn into_map(self, keys: &Keys) -> BTreeMap<String, u32> {
        self.0.into_iter().enumerate().filter(|(_, n)| *n > 0).map(|(i, n)| (keys.name(i).to_string(), n)).collect()
    }

    /// The numbers of the keys counted at least once.
    pub(super) fn seen(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, _)| i)
    }
}
