//! (to be written: see docs/DESIGN.md)
