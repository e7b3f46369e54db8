//! RDRAND and RDSEED backends with SP 800-90B continuous health tests
#![forbid(unsafe_code)]
