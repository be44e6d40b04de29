//! The demo data set (filled in below).
