//! The three round counts, and the known answers each one's self-test checks.

use chacha20::{R8, R12, R20};

mod sealed {
    pub trait Sealed {}
    impl Sealed for chacha20::R8 {}
    impl Sealed for chacha20::R12 {}
    impl Sealed for chacha20::R20 {}
}

/// A keystream known answer: `KS(key, nonce, counter)` starts with `keystream`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KnownAnswer {
    /// Where the numbers come from (named when a unit test fails).
    #[cfg_attr(not(test), allow(dead_code, reason = "read by the unit tests"))]
    pub(crate) source: &'static str,
    pub(crate) key: [u8; 32],
    pub(crate) nonce: [u8; 12],
    pub(crate) counter: u32,
    pub(crate) keystream: [u8; 128],
    /// How many bytes of `keystream` are meaningful (64 or 128).
    pub(crate) len: usize,
}

/// A ChaCha round count this crate supports: [`R8`], [`R12`] or [`R20`]
/// (re-exported from `chacha20`). Sealed.
///
/// ```
/// use secrets_chacha::{ChaChaCore, ChaChaRounds, R8, R20};
/// fn first_bytes<R: ChaChaRounds>() -> [u8; 4] {
///     let mut out = [0u8; 4];
///     ChaChaCore::<R>::from_seed([0; 32]).fill_bytes(&mut out);
///     out
/// }
/// assert_ne!(first_bytes::<R8>(), first_bytes::<R20>());
/// ```
pub trait ChaChaRounds: sealed::Sealed + chacha20::Rounds + Send + Sync + 'static {
    /// The backend name: `"chacha8"`, `"chacha12"` or `"chacha20"`.
    const NAME: &'static str;
    /// The DRBG type's name, printed by `Debug`: `"ChaCha20Drbg"`, ….
    const DRBG_NAME: &'static str;
    /// The core type's name, printed by `Debug`: `"ChaCha20Core"`, ….
    const CORE_NAME: &'static str;
    /// The number of rounds: 8, 12 or 20.
    const ROUNDS: u32;
    /// The published keystream vectors the self-test checks.
    #[doc(hidden)]
    const KNOWN_ANSWERS: &'static [KnownAnswerRef];
}

/// Opaque handle so the sealed trait can name the crate-private type.
#[doc(hidden)]
#[derive(Debug)]
pub struct KnownAnswerRef(pub(crate) KnownAnswer);

/// Decodes a lowercase hex literal at compile time (a malformed constant is
/// a build error, never a runtime one).
pub(crate) const fn unhex<const N: usize>(hex: &str) -> [u8; N] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        }
    }
    let bytes = hex.as_bytes();
    assert!(bytes.len() == 2 * N, "hex literal has the wrong length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (nibble(bytes[2 * i]) << 4) | nibble(bytes[2 * i + 1]);
        i += 1;
    }
    out
}

/// Pads a 64-byte answer to the 128-byte field.
const fn one_block(block: [u8; 64]) -> [u8; 128] {
    let mut out = [0u8; 128];
    let mut i = 0;
    while i < 64 {
        out[i] = block[i];
        i += 1;
    }
    out
}

const STROMBERGSON: &str = "draft-strombergson-chacha-test-vectors-01";
const ZERO_KEY: [u8; 32] = [0; 32];
const KEY_BIT_0: [u8; 32] =
    unhex("0100000000000000000000000000000000000000000000000000000000000000");

/// Two blocks (counter 0 and 1) with a zero 64-bit IV: with a zero nonce the
/// original and the RFC 8439 state layouts coincide.
const fn strombergson(source: &'static str, key: [u8; 32], hex: &str) -> KnownAnswerRef {
    KnownAnswerRef(KnownAnswer {
        source,
        key,
        nonce: [0; 12],
        counter: 0,
        keystream: unhex(hex),
        len: 128,
    })
}

/// The rounds whose known answers are the two Strombergson vectors
/// (all-zero key, key bit 0 set), 128 bytes each.
macro_rules! strombergson_rounds {
    ($rounds:ident, $n:literal, $zero_key:literal, $key_bit_0:literal $(,)?) => {
        impl ChaChaRounds for $rounds {
            const NAME: &'static str = concat!("chacha", $n);
            const DRBG_NAME: &'static str = concat!("ChaCha", $n, "Drbg");
            const CORE_NAME: &'static str = concat!("ChaCha", $n, "Core");
            const ROUNDS: u32 = $n;
            const KNOWN_ANSWERS: &'static [KnownAnswerRef] = &[
                strombergson(STROMBERGSON, ZERO_KEY, $zero_key),
                strombergson(STROMBERGSON, KEY_BIT_0, $key_bit_0),
            ];
        }
    };
}

strombergson_rounds!(
    R8,
    8,
    "3e00ef2f895f40d67f5bb8e81f09a5a12c840ec3ce9a7f3b181be188ef711a1e\
     984ce172b9216f419f445367456d5619314a42a3da86b001387bfdb80e0cfe42\
     d2aefa0deaa5c151bf0adb6c01f2a5adc0fd581259f9a2aadcf20f8fd566a26b\
     5032ec38bbc5da98ee0c6f568b872a65a08abf251deb21bb4b56e5d8821e68aa",
    "cf5ee9a0494aa9613e05d5ed725b804b12f4a465ee635acc3a311de8740489ea\
     289d04f43c7518db56eb4433e498a1238cd8464d3763ddbb9222ee3bd8fae3c8\
     b4355a7d93dd8867089ee643558b95754efa2bd1a8a1e2d75bcdb32015542638\
     291941feb49965587c4fdfe219cf0ec132a6cd4dc067392e67982fe53278c0b4",
);

strombergson_rounds!(
    R12,
    12,
    "9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f\
     0564f879d27ae3c02ce82834acfa8c793a629f2ca0de6919610be82f411326be\
     0bd58841203e74fe86fc71338ce0173dc628ebb719bdcbcc151585214cc089b4\
     42258dcda14cf111c602b8971b8cc843e91e46ca905151c02744a6b017e69316",
    "12056e595d56b0f6eef090f0cd25a20949248c2790525d0f930218ff0b4ddd10\
     a6002239d9a454e29e107a7d06fefdfef0210feba044f9f29b1772c960dc29c0\
     0c7366c5cbc604240e665eb02a69372a7af979b26fbb78092ac7c4b88029a7c8\
     54513bc217bbfc7d90432e308eba15afc65aeb48ef100d5601e6afba257117a9",
);

impl ChaChaRounds for R20 {
    const NAME: &'static str = "chacha20";
    const DRBG_NAME: &'static str = "ChaCha20Drbg";
    const CORE_NAME: &'static str = "ChaCha20Core";
    const ROUNDS: u32 = 20;
    const KNOWN_ANSWERS: &'static [KnownAnswerRef] = &[
        // RFC 8439 section 2.3.2: a non-zero nonce and counter 1, so the
        // state layout (counter word, nonce words) is checked too.
        KnownAnswerRef(KnownAnswer {
            source: "RFC 8439 section 2.3.2",
            key: unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            nonce: unhex("000000090000004a00000000"),
            counter: 1,
            keystream: one_block(unhex(
                "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e\
                 d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
            )),
            len: 64,
        }),
        // Blocks 0 and 1 of the all-zero key: RFC 8439 appendix A.1 #1 and #2.
        strombergson(
            "RFC 8439 appendix A.1 #1 and #2",
            ZERO_KEY,
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7\
             da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586\
             9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed\
             29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f",
        ),
        strombergson(
            STROMBERGSON,
            KEY_BIT_0,
            "c5d30a7ce1ec119378c84f487d775a8542f13ece238a9455e8229e888de85bbd\
             29eb63d0a17a5b999b52da22be4023eb07620a54f6fa6ad8737b71eb0464dac0\
             10f656e6d1fd55053e50c4875c9930a33f6d0263bd14dfd6ab8c70521c19338b\
             2308b95cf8d0bb7d202d2102780ea3528f1cb48560f76b20f382b942500fceac",
        ),
    ];
}
