//! Hybrid logical clock (Kulkarni et al., 2014): a timestamp that never goes
//! backwards on a device, even if its wall clock does, and orders changes
//! across devices. Pure: the caller passes the wall-clock reading.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (physical part).
    pub millis: u64,
    /// Logical counter within one millisecond.
    pub counter: u32,
}

impl Hlc {
    /// The next stamp for a local event, given the last stamp and the wall clock.
    pub fn tick(last: Hlc, wall_millis: u64) -> Hlc {
        if wall_millis > last.millis {
            Hlc { millis: wall_millis, counter: 0 }
        } else {
            Hlc { millis: last.millis, counter: last.counter.saturating_add(1) }
        }
    }

    /// Fixed-width text that sorts in time order: `mmmmmmmmmmmmm-cccccccccc`.
    /// The device id is appended by the change log to break ties between devices.
    pub fn encode(self) -> String {
        format!("{:013}-{:010}", self.millis, self.counter)
    }

    pub fn decode(s: &str) -> Option<Hlc> {
        let mut parts = s.splitn(3, '-');
        let millis = parts.next()?.parse().ok()?;
        let counter = parts.next()?.parse().ok()?;
        Some(Hlc { millis, counter })
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hlc_is_monotonic_when_the_wall_clock_goes_back() {
        let mut last = Hlc::default();
        let mut seen = Vec::new();
        for wall in [1000, 1000, 1001, 500, 500, 2000] {
            last = Hlc::tick(last, wall);
            seen.push(last);
        }
        assert!(seen.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(seen[3], Hlc { millis: 1001, counter: 1 });
        assert_eq!(seen[5], Hlc { millis: 2000, counter: 0 });
    }

    #[test]
    fn encoding_sorts_like_the_clock_and_round_trips() {
        let a = Hlc { millis: 999, counter: 12 };
        let b = Hlc { millis: 1000, counter: 0 };
        assert!(a.encode() < b.encode());
        assert_eq!(Hlc::decode(&format!("{}-device", a.encode())), Some(a));
    }
}
