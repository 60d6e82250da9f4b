//! The report's one colour language, defined here and used by every chart, and (through
//! [`hex`]) by the tables of the PDF and the workbook. Colour-blind safe (Okabe–Ito
//! hues, told apart by deuteranopes and protanopes and in greyscale by lightness):
//!
//! - customers are always dark blue ([`CUSTOMER`]), employees always orange
//!   ([`EMPLOYEE`]); management and board, when shown as their own series, sky blue
//!   and reddish purple;
//! - the direction of a gap has a second pair of hues: vermillion when staff are too positive
//!   (blind spot), bluish green when too negative (hidden strength); it is also readable
//!   without colour, from the sign of the printed value and the position of the dots;
//! - significance is never colour alone: it is bold with an asterisk.

use plotters::style::RGBColor;

/// Headings, key figures and rules of the report (the agency's accent).
pub const ACCENT: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
/// Body text, tick labels.
pub const INK: RGBColor = RGBColor(0x1F, 0x29, 0x33);
/// Secondary text: axis titles, notes.
pub const MUTED: RGBColor = RGBColor(0x5F, 0x6B, 0x7A);
/// Axis lines and frames.
pub const AXIS: RGBColor = RGBColor(0x9A, 0xA5, 0xB1);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xDD, 0xE2, 0xE8);
/// Alternating row bands.
pub const BAND: RGBColor = RGBColor(0xF3, 0xF5, 0xF8);
/// Customers, in every chart and table.
pub const CUSTOMER: RGBColor = RGBColor(0x1F, 0x3A, 0x5F);
/// Employees (all staff, or staff's estimate), in every chart and table.
pub const EMPLOYEE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Management as its own series (sky blue).
pub const MANAGEMENT: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// The board as its own series (reddish purple).
pub const BOARD: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Series colours in order: customers, employees, management, board.
pub const SERIES: [RGBColor; 4] = [CUSTOMER, EMPLOYEE, MANAGEMENT, BOARD];
/// Series of employee-only charts (self, department, organization): employee tones.
pub const STAFF_TONES: [RGBColor; 3] = [
    RGBColor(0x8A, 0x5A, 0x00),
    EMPLOYEE,
    RGBColor(0xF3, 0xD0, 0x80),
];
/// Direction of a gap, staff above customers: blind spot (vermillion).
pub const BLIND_SPOT: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Direction of a gap, staff below customers: hidden strength (bluish green).
pub const HIDDEN_STRENGTH: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Staff exactly on the customers' mean.
pub const NEUTRAL: RGBColor = RGBColor(0x8A, 0x94, 0xA0);
/// Crosshair lines of the matrix.
pub const CROSSHAIR: RGBColor = RGBColor(0x4A, 0x55, 0x62);

/// `#rrggbb` of a colour, for the Typst template and the workbook.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Quadrant fills and their point/label colours, in `Corner` order: top left, top right,
/// bottom left, bottom right.
pub const QUADRANT_FILL: [RGBColor; 4] = [
    RGBColor(0xFB, 0xE8, 0xDE),
    RGBColor(0xE1, 0xF3, 0xEC),
    RGBColor(0xF1, 0xF2, 0xF4),
    RGBColor(0xE3, 0xEE, 0xF8),
];
pub const QUADRANT_INK: [RGBColor; 4] = [
    RGBColor(0xB3, 0x4A, 0x00),
    RGBColor(0x00, 0x7A, 0x59),
    RGBColor(0x5F, 0x6B, 0x7A),
    RGBColor(0x00, 0x5A, 0x9C),
];
