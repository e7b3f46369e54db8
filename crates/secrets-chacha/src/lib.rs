//! ChaCha8/12/20 DRBGs with fast key erasure, reseeding and fork safety
#![forbid(unsafe_code)]
