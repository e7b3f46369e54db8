//! The raw mechanism: limits, input checks, error atomicity, and agreement
//! with a by-the-letter reference on input lengths CAVP does not cover.

use aes::cipher::{BlockCipherEncrypt, KeyInit};
use secrets_core::Error;
use secrets_ctr_drbg::{
    AesVariant, Config, CtrDrbg, CtrDrbgAes128, CtrDrbgAes192, CtrDrbgAes256,
    MAX_BYTES_PER_REQUEST, MAX_RESEED_INTERVAL, aes,
};

mod common;
use common::{
    Model, agree_with_model, assert_refusals_changed_nothing, assert_request_limit, bytes,
};
use secrets_drbg::Mechanism;

fn df_256() -> CtrDrbgAes256 {
    CtrDrbgAes256::instantiate(Config::with_df(), &bytes("e", 32), &bytes("n", 16), b"test")
        .unwrap()
}

fn no_df_256() -> CtrDrbgAes256 {
    CtrDrbgAes256::instantiate(Config::without_df(), &bytes("e", 48), &[], b"test").unwrap()
}

fn invalid_argument(result: Result<impl Sized, Error>) -> &'static str {
    match result {
        Err(Error::InvalidArgument { argument, .. }) => argument,
        Err(other) => panic!("expected InvalidArgument, got {other}"),
        Ok(_) => panic!("expected InvalidArgument, got Ok"),
    }
}

#[test]
fn request_limit_is_2_pow_19_bits() {
    let mut drbg = df_256();
    assert_eq!(MAX_BYTES_PER_REQUEST, CtrDrbgAes256::MAX_BYTES_PER_REQUEST);
    assert_request_limit(
        &mut drbg,
        (MAX_BYTES_PER_REQUEST, &bytes("pr", 32)),
        CtrDrbgAes256::reseed_counter,
    );
}

#[test]
fn reseed_interval_is_enforced_and_bounded() {
    let mut drbg =
        CtrDrbgAes128::instantiate(Config::with_df().reseed_interval(2), &[1; 16], &[2; 8], &[])
            .unwrap();
    let mut out = [0u8; 16];
    assert_eq!(drbg.reseed_counter(), 1);
    drbg.generate(&mut out, &[]).unwrap();
    drbg.generate(&mut out, &[]).unwrap();
    assert!(drbg.needs_reseed());
    let mut refused = [0u8; 16];
    assert_eq!(drbg.generate(&mut refused, &[]), Err(Error::ReseedRequired));
    assert_eq!(refused, [0u8; 16]);
    drbg.reseed(&[3; 16], b"more").unwrap();
    assert_eq!(drbg.reseed_counter(), 1);
    drbg.generate(&mut out, &[]).unwrap();
    // Prediction resistance reseeds first, so it never needs a reseed.
    drbg.generate(&mut out, &[]).unwrap();
    drbg.generate_with_prediction_resistance(&mut out, &[4; 16], &[])
        .unwrap();

    assert_eq!(
        invalid_argument(CtrDrbgAes128::instantiate(
            Config::with_df().reseed_interval(0),
            &[1; 16],
            &[2; 8],
            &[]
        )),
        "reseed_interval"
    );
    assert_eq!(
        invalid_argument(CtrDrbgAes128::instantiate(
            Config::with_df().reseed_interval(MAX_RESEED_INTERVAL + 1),
            &[1; 16],
            &[2; 8],
            &[]
        )),
        "reseed_interval"
    );
    let max = CtrDrbgAes128::instantiate(
        Config::with_df().reseed_interval(MAX_RESEED_INTERVAL),
        &[1; 16],
        &[2; 8],
        &[],
    )
    .unwrap();
    assert_eq!(max.reseed_interval(), 1 << 48);
}

#[test]
fn df_input_checks() {
    // Entropy input at least the security strength; nonce at least half.
    for (strength, result) in [
        (
            16,
            CtrDrbgAes128::instantiate(Config::with_df(), &[0; 15], &[0; 8], &[]).map(drop),
        ),
        (
            24,
            CtrDrbgAes192::instantiate(Config::with_df(), &[0; 23], &[0; 12], &[]).map(drop),
        ),
        (
            32,
            CtrDrbgAes256::instantiate(Config::with_df(), &[0; 31], &[0; 16], &[]).map(drop),
        ),
    ] {
        assert_eq!(
            invalid_argument(result),
            "entropy_input",
            "strength {strength}"
        );
    }
    assert_eq!(
        invalid_argument(CtrDrbgAes256::instantiate(
            Config::with_df(),
            &[0; 32],
            &[0; 15],
            &[]
        )),
        "nonce"
    );
    assert_eq!(
        invalid_argument(CtrDrbgAes128::instantiate(
            Config::with_df(),
            &[0; 16],
            &[0; 7],
            &[]
        )),
        "nonce"
    );
    // Longer inputs of any length are fine with the df.
    let mut drbg =
        CtrDrbgAes256::instantiate(Config::with_df(), &[0; 1000], &[0; 333], &bytes("ps", 4097))
            .unwrap();
    drbg.reseed(&[1; 77], &bytes("ai", 10_000)).unwrap();
    drbg.generate(&mut [0u8; 100], &bytes("ai", 70_000))
        .unwrap();
    assert_eq!(
        invalid_argument(drbg.reseed(&[0; 31], &[])),
        "entropy_input"
    );
    // The message names the rule.
    let Err(Error::InvalidArgument { reason, .. }) = drbg.reseed(&[0; 31], &[]) else {
        unreachable!()
    };
    assert!(reason.contains("32 bytes for AES-256"), "{reason}");
}

#[test]
fn no_df_input_checks() {
    for (seedlen, wrong) in [(32usize, 31usize), (32, 33), (48, 32), (48, 49)] {
        let result = if seedlen == 32 {
            CtrDrbgAes128::instantiate(Config::without_df(), &vec![0; wrong], &[], &[]).map(drop)
        } else {
            CtrDrbgAes256::instantiate(Config::without_df(), &vec![0; wrong], &[], &[]).map(drop)
        };
        assert_eq!(
            invalid_argument(result),
            "entropy_input",
            "{seedlen} vs {wrong}"
        );
    }
    assert_eq!(
        invalid_argument(CtrDrbgAes192::instantiate(
            Config::without_df(),
            &[0; 40],
            &[1],
            &[]
        )),
        "nonce"
    );
    assert_eq!(
        invalid_argument(CtrDrbgAes192::instantiate(
            Config::without_df(),
            &[0; 40],
            &[],
            &[0; 41]
        )),
        "personalization_string"
    );
    CtrDrbgAes192::instantiate(Config::without_df(), &[0; 40], &[], &[0; 40]).unwrap();
    let mut drbg = no_df_256();
    assert_eq!(
        invalid_argument(drbg.reseed(&[0; 47], &[])),
        "entropy_input"
    );
    assert_eq!(
        invalid_argument(drbg.reseed(&[0; 48], &[0; 49])),
        "additional_input"
    );
    assert_eq!(
        invalid_argument(drbg.generate(&mut [0; 16], &[0; 49])),
        "additional_input"
    );
    assert_eq!(
        invalid_argument(drbg.generate_with_prediction_resistance(
            &mut [0; 16],
            &[0; 48],
            &[0; 49]
        )),
        "additional_input"
    );
    drbg.generate(&mut [0; 16], &[0; 48]).unwrap();
    let Err(Error::InvalidArgument { reason, .. }) = drbg.reseed(&[0; 47], &[]) else {
        unreachable!()
    };
    assert!(reason.contains("exactly seedlen = 48 bytes"), "{reason}");
}

#[test]
fn errors_leave_the_state_unchanged() {
    // Two identical instances; one suffers every kind of refused call.
    for make in [df_256 as fn() -> CtrDrbgAes256, no_df_256] {
        let mut clean = make();
        let mut abused = make();
        let mut out = [0u8; 64];
        assert!(
            abused
                .generate(&mut vec![0u8; MAX_BYTES_PER_REQUEST + 1], &[])
                .is_err()
        );
        assert!(abused.reseed(&[0; 3], &[]).is_err());
        if !abused.uses_df() {
            assert!(abused.generate(&mut out, &[0; 49]).is_err());
        }
        assert_refusals_changed_nothing(
            (&mut clean, &mut abused),
            &mut out,
            (&[0; 3], &[]),
            CtrDrbgAes256::reseed_counter,
        );
    }
}

#[test]
fn additional_input_and_personalization_matter() {
    let mut base = df_256();
    let mut with_ai = df_256();
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    base.generate(&mut a, &[]).unwrap();
    with_ai.generate(&mut b, b"additional").unwrap();
    assert_ne!(a, b);
    let mut other_ps =
        CtrDrbgAes256::instantiate(Config::with_df(), &bytes("e", 32), &bytes("n", 16), b"tesT")
            .unwrap();
    let mut c = [0u8; 32];
    other_ps.generate(&mut c, &[]).unwrap();
    assert_ne!(a, c);
    // The same inputs give the same stream (a deterministic generator).
    let mut again = df_256();
    let mut d = [0u8; 32];
    again.generate(&mut d, &[]).unwrap();
    assert_eq!(a, d);
}

#[test]
fn debug_is_redacted_and_uninstantiate_consumes() {
    let drbg = df_256();
    assert_eq!(format!("{drbg:?}"), "CtrDrbg { .. }");
    assert_eq!(drbg.entropy_input_len(), 32);
    assert_eq!(no_df_256().entropy_input_len(), 48);
    drbg.uninstantiate();
}

// ---------------------------------------------------------------------------
// A by-the-letter reference (SP 800-90A 10.2.1 and 10.3.2, written for
// clarity: whole strings concatenated, one block at a time, bytes for V) to
// check the optimized code on input lengths the CAVP files do not use.

struct Reference {
    key_len: usize,
    key: Vec<u8>,
    v: [u8; 16],
}

fn encrypt(key: &[u8], block: &[u8; 16]) -> [u8; 16] {
    let mut b = aes::Block::from(*block);
    match key.len() {
        16 => aes::Aes128::new_from_slice(key)
            .unwrap()
            .encrypt_block(&mut b),
        24 => aes::Aes192::new_from_slice(key)
            .unwrap()
            .encrypt_block(&mut b),
        _ => aes::Aes256::new_from_slice(key)
            .unwrap()
            .encrypt_block(&mut b),
    }
    b.into()
}

fn increment(v: &mut [u8; 16]) {
    for byte in v.iter_mut().rev() {
        *byte = byte.wrapping_add(1);
        if *byte != 0 {
            break;
        }
    }
}

fn bcc(key: &[u8], data: &[u8]) -> [u8; 16] {
    let mut chaining = [0u8; 16];
    for block in data.chunks(16) {
        let mut input = [0u8; 16];
        for i in 0..16 {
            input[i] = chaining[i] ^ block[i];
        }
        chaining = encrypt(key, &input);
    }
    chaining
}

fn reference_df(key_len: usize, input: &[u8], out_len: usize) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&(input.len() as u32).to_be_bytes());
    s.extend_from_slice(&(out_len as u32).to_be_bytes());
    s.extend_from_slice(input);
    s.push(0x80);
    while s.len() % 16 != 0 {
        s.push(0);
    }
    let k: Vec<u8> = (0..key_len as u8).collect();
    let mut temp = Vec::new();
    let mut i = 0u32;
    while temp.len() < key_len + 16 {
        let mut data = i.to_be_bytes().to_vec();
        data.extend_from_slice(&[0u8; 12]);
        data.extend_from_slice(&s);
        temp.extend_from_slice(&bcc(&k, &data));
        i += 1;
    }
    let k = temp[..key_len].to_vec();
    let mut x: [u8; 16] = temp[key_len..key_len + 16].try_into().unwrap();
    let mut out = Vec::new();
    while out.len() < out_len {
        x = encrypt(&k, &x);
        out.extend_from_slice(&x);
    }
    out.truncate(out_len);
    out
}

impl Reference {
    fn seed_len(&self) -> usize {
        self.key_len + 16
    }

    fn update(&mut self, provided: &[u8]) {
        let mut temp = Vec::new();
        while temp.len() < self.seed_len() {
            increment(&mut self.v);
            temp.extend_from_slice(&encrypt(&self.key, &self.v));
        }
        temp.truncate(self.seed_len());
        for (t, p) in temp.iter_mut().zip(provided) {
            *t ^= p;
        }
        self.key = temp[..self.key_len].to_vec();
        self.v = temp[self.key_len..].try_into().unwrap();
    }

    fn instantiate(key_len: usize, entropy: &[u8], nonce: &[u8], ps: &[u8]) -> Self {
        let mut r = Reference {
            key_len,
            key: vec![0; key_len],
            v: [0; 16],
        };
        let input = [entropy, nonce, ps].concat();
        let seed = reference_df(key_len, &input, r.seed_len());
        r.update(&seed);
        r
    }
}

impl Model for Reference {
    fn reseed(&mut self, entropy: &[u8], ai: &[u8]) {
        let seed = reference_df(self.key_len, &[entropy, ai].concat(), self.seed_len());
        self.update(&seed);
    }

    fn generate(&mut self, len: usize, ai: &[u8]) -> Vec<u8> {
        let ai = if ai.is_empty() {
            vec![0u8; self.seed_len()]
        } else {
            let ai = reference_df(self.key_len, ai, self.seed_len());
            self.update(&ai);
            ai
        };
        let mut out = Vec::new();
        while out.len() < len {
            increment(&mut self.v);
            out.extend_from_slice(&encrypt(&self.key, &self.v));
        }
        out.truncate(len);
        self.update(&ai);
        out
    }
}

fn agree_with_reference<C: AesVariant>() {
    let key_len = C::KEY_LEN;
    let lengths = [
        0usize, 1, 5, 15, 16, 17, 31, 33, 47, 48, 63, 64, 65, 100, 255,
    ];
    agree_with_model(
        (C::LABEL, key_len),
        (&lengths, &[]),
        |entropy, nonce, ps| {
            (
                CtrDrbg::<C>::instantiate(Config::with_df(), entropy, nonce, ps).unwrap(),
                Reference::instantiate(key_len, entropy, nonce, ps),
            )
        },
        |_, _, _| {},
    );
}

#[test]
fn matches_the_reference_on_odd_lengths() {
    agree_with_reference::<aes::Aes128Enc>();
    agree_with_reference::<aes::Aes192Enc>();
    agree_with_reference::<aes::Aes256Enc>();
}
