//! The checks of meaning that serde cannot express: each fails with a sentence naming the
//! setting, so that a user can fix `spiegel.yaml` without reading code.

use super::Config;
use super::questionnaire::{check_aspects, unique_ids};

impl Config {
    /// Checks of meaning that serde cannot express.
    pub(super) fn validate(&self) -> Result<(), String> {
        super::themes::validate(&self.themes)?;
        if self.questionnaire.aspects.is_empty() {
            return Err("the questionnaire has no aspects".into());
        }
        if self.layers.is_empty() {
            return Err("no layers are configured".into());
        }
        check_aspects(&self.questionnaire.aspects)?;
        unique_ids("layer", self.layers.iter().map(|l| l.id.as_str()))?;
        if let Some(delivery) = &self.delivery {
            delivery.validate()?;
        }
        for (name, scale) in [
            ("rating", &self.scales.rating),
            ("importance", &self.scales.importance),
            ("orientation", &self.scales.orientation),
            ("enablement", &self.scales.enablement),
        ] {
            if scale.min.partial_cmp(&scale.max) != Some(std::cmp::Ordering::Less) {
                return Err(format!("scale '{name}': min must be below max"));
            }
        }
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(format!(
                "alpha must lie between 0 and 1, not {}",
                self.alpha
            ));
        }
        if self.trends.stagnation_threshold.is_nan() || self.trends.stagnation_threshold < 0.0 {
            return Err(format!(
                "trends.stagnation_threshold must be 0 or more, not {}",
                self.trends.stagnation_threshold
            ));
        }
        if self.anonymity.min_employees == 0 {
            return Err("anonymity.min_employees must be at least 1".into());
        }
        if let Some(mark) = self.scales.rating.pass_mark
            && !self.scales.rating.contains(mark)
        {
            return Err(format!(
                "scales.rating.pass_mark {mark} lies outside the rating scale {}–{}",
                self.scales.rating.min, self.scales.rating.max
            ));
        }
        self.check_disabled_rules()?;
        if !(self.typst.timeout.is_finite()
            && self.typst.timeout > 0.0
            && self.typst.timeout <= 86_400.0)
        {
            return Err(format!(
                "typst.timeout must be a number of seconds above 0 (at most a day), not {}",
                self.typst.timeout
            ));
        }
        if self
            .typst
            .binary
            .as_ref()
            .is_some_and(|b| b.as_os_str().is_empty())
        {
            return Err("typst.binary is empty; leave it out to use the default".into());
        }
        let l = &self.limits;
        if l.text_chars < 10 || l.yaml_bytes < 256 || l.yaml_text_chars < 10 || l.max_pages == 0 {
            return Err(
                "limits: text_chars and yaml_text_chars must be at least 10, yaml_bytes at \
                 least 256 and max_pages at least 1"
                    .into(),
            );
        }
        if self.statistics.min_for_tests < 2 {
            return Err("statistics.min_for_tests must be at least 2".into());
        }
        for (name, value) in [
            ("permutations", self.statistics.permutations),
            ("bootstrap", self.statistics.bootstrap),
        ] {
            if !(19..=100_000).contains(&value) {
                return Err(format!(
                    "statistics.{name} must lie between 19 and 100000, not {value}"
                ));
            }
        }
        if !self.complaints.benchmark.value.is_finite() {
            return Err("complaints.benchmark must be a number".into());
        }
        self.ingest.check(self)
    }
}
