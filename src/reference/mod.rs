//! The reference data shipped inside the binary (`reference/` in the
//! repository), parsed once.

pub mod workloads;
