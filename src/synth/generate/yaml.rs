//! `org.yaml` and `wave.yaml` of a generated organization.

use super::org::{Org, WavePlan};

impl Org<'_> {
    pub(super) fn org_yaml(&self) -> String {
        let p = &self.profile;
        let mut s = format!(
            "# Synthetic data written by `spiegel generate` (seed {}). Not real survey data.\n\
             name: {}\nlanguage: {}\naccount_manager: {}\ndepartments:\n",
            self.opts.seed,
            yaml_quote(&p.name),
            p.language,
            yaml_quote(p.account_manager)
        );
        for d in &p.departments {
            s.push_str(&format!(
                "  - id: {}\n    name: {}\n",
                d.id,
                yaml_quote(&d.name)
            ));
        }
        s
    }

    pub(super) fn wave_yaml(&self, wave: &WavePlan) -> String {
        let (start, end) = match (wave.days.first(), wave.days.last()) {
            (Some(s), Some(e)) => (*s, *e),
            _ => (wave.quarter.first_day(), wave.quarter.last_day()),
        };
        format!(
            "label: {}\nfieldwork: {{ start: {start}, end: {end} }}\n",
            yaml_quote(&wave.quarter.label(self.profile.language))
        )
    }
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
