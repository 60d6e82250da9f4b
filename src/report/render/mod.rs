//! What the report sections and the other outputs render with: number formats (`format`), the
//! translation tables (`i18n`), Typst escaping (`escape`), the scrubbing of open answers
//! (`scrub`) and the choice of answers to quote (`voices`). The report document is assembled
//! from the sections in `report::document`.

pub mod escape;
pub mod format;
pub mod i18n;
pub mod scrub;
pub mod voices;
