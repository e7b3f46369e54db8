//! The vDSO ELF parser of secrets-os on arbitrary bytes, as the image of
//! either supported machine.
//!
//! The parser reads memory the kernel mapped, so it must be total: any
//! input gives an answer and never a panic, and every symbol offset it
//! returns lies inside the image (the caller jumps there). The loaded extent
//! it reports may exceed the bytes given (it is read from the headers, to be
//! checked against the mapping), but never the headers' own claims of the
//! loadable segments.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|image: &[u8]| {
    for (extent, function) in secrets_os::fuzz_vdso_parser(image) {
        if let Some(offset) = function {
            assert!(offset < image.len(), "symbol offset {offset} outside a {}-byte image", image.len());
        }
        if let Some(extent) = extent {
            assert!(extent > 0, "an empty loaded extent was accepted");
        }
    }
});
