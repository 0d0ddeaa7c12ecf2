//! Controlled lists: each is an enum with a stable snake_case value and a
//! label a person reads. One macro makes them so they all behave alike.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A value/label pair the UI uses to fill a select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[macro_export]
macro_rules! controlled_list {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $(#[serde(rename = $value)] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($value => Some($name::$variant),)+ _ => None }
            }
            pub fn choices() -> Vec<$crate::vocab::Choice> {
                Self::ALL.iter().map(|v| $crate::vocab::Choice {
                    value: v.as_str().to_string(), label: v.label().to_string(),
                }).collect()
            }
        }
    };
}
