//! The answer scales of the questionnaire (`scales:` in `spiegel.yaml`).

use serde::{Deserialize, Serialize};

/// A closed numeric answer scale.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Lowest possible answer.
    pub min: f64,
    /// Highest possible answer.
    pub max: f64,
    /// The pass mark, where the scale has one (the Dutch grade: 5.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<f64>,
}

impl Scale {
    const fn new(min: f64, max: f64) -> Self {
        Scale {
            min,
            max,
            pass_mark: None,
        }
    }

    /// Whether `x` lies on the scale.
    pub fn contains(&self, x: f64) -> bool {
        x >= self.min && x <= self.max
    }
}

/// The answer scales.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scales {
    /// Performance grades and the overall grade (default 1–10, pass mark 5.5).
    pub rating: Scale,
    /// Stated importance (default 1–5).
    pub importance: Scale,
    /// Customer orientation items (default 1–5).
    pub orientation: Scale,
    /// Enablement items (default 1–5).
    pub enablement: Scale,
}

impl Default for Scales {
    fn default() -> Self {
        Scales {
            rating: Scale {
                min: 1.0,
                max: 10.0,
                pass_mark: Some(5.5),
            },
            importance: Scale::new(1.0, 5.0),
            orientation: Scale::new(1.0, 5.0),
            enablement: Scale::new(1.0, 5.0),
        }
    }
}
