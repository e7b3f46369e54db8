//! NIST SP 800-90A CTR_DRBG on AES (128/192/256, with and without df)
#![forbid(unsafe_code)]
