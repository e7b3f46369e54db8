//! `compress_each` against RustCrypto's `compress512` on each lane alone:
//! random and extreme chaining values and blocks, every batch size from 0
//! to 41 (each remainder modulo the lane count, padded groups included)
//! and some long ones, with the backend this machine detects; and the
//! portable backend on the same inputs.

use secrets_sha512x::{
    Backend, Lane, SerialBackend, State, compress_each, compress_each_portable, compress_one,
    hmac_chain, hmac_chain_portable,
};

/// SHA-512's initial hash value (FIPS 180-4 section 5.3.5).
const SHA512_IV: State = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// SplitMix64: reproducible pseudo-random test inputs.
struct Inputs(u64);

impl Inputs {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    fn lane(&mut self) -> Lane {
        let state = core::array::from_fn(|_| self.next());
        let mut block = [0u8; 128];
        for chunk in block.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        (state, block)
    }

    fn lanes(&mut self, count: usize) -> Vec<Lane> {
        (0..count).map(|_| self.lane()).collect()
    }
}

/// Each lane compressed alone by `sha2`.
fn reference(lanes: &[Lane]) -> Vec<Lane> {
    lanes
        .iter()
        .map(|&(mut state, block)| {
            sha2::block_api::compress512(&mut state, &[block]);
            (state, block)
        })
        .collect()
}

fn check(lanes: &[Lane], what: &str) {
    let expected = reference(lanes);
    let mut ours = lanes.to_vec();
    compress_each(&mut ours);
    for (index, (got, want)) in ours.iter().zip(&expected).enumerate() {
        assert_eq!(
            got.0,
            want.0,
            "{what}: lane {index} of {} ({})",
            lanes.len(),
            Backend::detect().name()
        );
        assert_eq!(got.1, want.1, "{what}: lane {index}: the block changed");
    }
    let mut portable = lanes.to_vec();
    compress_each_portable(&mut portable);
    assert_eq!(portable, expected, "{what}: portable");
}

#[test]
fn every_batch_size_matches_sha2() {
    let mut inputs = Inputs(0x5ec2_e75a_512a);
    for count in 0..=41 {
        for _ in 0..8 {
            check(&inputs.lanes(count), "random");
        }
    }
    for count in [64, 127, 1000] {
        check(&inputs.lanes(count), "long batch");
    }
}

#[test]
fn extreme_words_match_sha2() {
    let mut inputs = Inputs(7);
    let patterns: [(u64, u8); 6] = [
        (0, 0),
        (u64::MAX, 0xff),
        (0x8000_0000_0000_0000, 0x80),
        (1, 0x01),
        (0x0123_4567_89ab_cdef, 0x5a),
        (0xfedc_ba98_7654_3210, 0xa5),
    ];
    let mut lanes: Vec<Lane> = patterns
        .iter()
        .flat_map(|&(word, byte)| [([word; 8], [byte; 128]), ([word; 8], [!byte; 128])])
        .collect();
    // Mixed: one extreme lane among random ones, in every position.
    for position in 0..4 {
        let mut group = inputs.lanes(4);
        group[position] = ([u64::MAX; 8], [0xff; 128]);
        lanes.extend(group);
    }
    for count in 1..=lanes.len() {
        check(&lanes[..count], "extreme");
    }
}

/// The lanes do not mix: the same block in lane 0 gives the same state
/// whatever the other lanes hold, and equal lanes give equal states.
#[test]
fn lanes_are_independent() {
    let mut inputs = Inputs(99);
    let fixed = inputs.lane();
    let mut first = None;
    for _ in 0..16 {
        let mut lanes = inputs.lanes(4);
        lanes[0] = fixed;
        compress_each(&mut lanes);
        let state = lanes[0].0;
        assert_eq!(*first.get_or_insert(state), state);
    }
    let mut same = vec![fixed; 7];
    compress_each(&mut same);
    assert!(same.iter().all(|lane| lane.0 == first.unwrap()));
}

/// FIPS 180-4's example: SHA-512("abc") is one block from the IV.
#[test]
fn sha512_of_abc() {
    let mut block = [0u8; 128];
    block[..3].copy_from_slice(b"abc");
    block[3] = 0x80;
    block[127] = 24;
    let expected: [u64; 8] = [
        0xddaf35a193617aba,
        0xcc417349ae204131,
        0x12e6fa4e89a97ea2,
        0x0a9eeee64b55d39a,
        0x2192992a274fc1a8,
        0x36ba3c23a3feebbd,
        0x454d4423643ce80e,
        0x2a9ac94fa54ca49f,
    ];
    for count in 1..=9 {
        let mut lanes = vec![(SHA512_IV, block); count];
        compress_each(&mut lanes);
        assert!(lanes.iter().all(|lane| lane.0 == expected), "{count} lanes");
    }
}

/// Whether this CPU has every named x86 feature (never, off x86).
macro_rules! cpu_has {
    ($($feature:tt),+) => {{
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        let has = true $(&& std::arch::is_x86_feature_detected!($feature))+;
        #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
        let has = false;
        has
    }};
}

/// The detected backend is the one this CPU and build call for, so that
/// the tests above exercise the AVX2 kernel wherever it exists.
#[test]
fn detection_follows_the_cpu_and_the_build() {
    let expected = if cpu_has!("avx2") && !cfg!(secrets_sha512x_force_portable) {
        Backend::Avx2
    } else {
        Backend::Portable
    };
    assert_eq!(Backend::detect(), expected);
    assert_eq!(
        Backend::detect().lanes(),
        if expected == Backend::Avx2 { 4 } else { 1 }
    );
}

/// `compress_one` against `compress512` on random and extreme chaining
/// values and blocks, and on chains where each block holds the last state.
#[test]
fn compress_one_matches_sha2() {
    let mut inputs = Inputs(0x0e_b10c);
    let mut lanes = inputs.lanes(2000);
    for word in [0, u64::MAX, 1 << 63, 1, 0x0123_4567_89ab_cdef] {
        for byte in [0x00, 0xff, 0x80, 0x01, 0x5a] {
            lanes.push(([word; 8], [byte; 128]));
        }
    }
    for (index, (state, block)) in lanes.iter().enumerate() {
        let (mut ours, mut theirs) = (*state, *state);
        compress_one(&mut ours, block);
        sha2::block_api::compress512(&mut theirs, &[*block]);
        assert_eq!(
            ours,
            theirs,
            "lane {index} ({})",
            SerialBackend::detect().name()
        );
    }
    let (mut ours, mut block) = inputs.lane();
    let mut theirs = ours;
    for step in 0..1000 {
        compress_one(&mut ours, &block);
        sha2::block_api::compress512(&mut theirs, &[block]);
        assert_eq!(ours, theirs, "chain step {step}");
        for (bytes, word) in block.as_chunks_mut::<8>().0.iter_mut().zip(&ours) {
            *bytes = word.to_be_bytes();
        }
    }
}

/// HMAC-SHA-512 (FIPS 198-1) of `message` under a key of at most one
/// block, with `sha2`'s streaming API: the reference for `hmac_chain`.
fn hmac_sha512(key: &[u8], message: &[u8]) -> [u8; 64] {
    use sha2::Digest;
    let pad = |byte: u8| {
        let mut block = [byte; 128];
        for (pad, key) in block.iter_mut().zip(key) {
            *pad ^= key;
        }
        block
    };
    let inner = sha2::Sha512::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    sha2::Sha512::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// The keyed states of HMAC-SHA-512 under `key`: the compression of the
/// padded key XOR ipad and XOR opad into the initial value.
fn keyed_states(key: &[u8]) -> (State, State) {
    let keyed = |pad: u8| {
        let mut block = [pad; 128];
        for (byte, key) in block.iter_mut().zip(key) {
            *byte ^= key;
        }
        let mut state = SHA512_IV;
        sha2::block_api::compress512(&mut state, &[block]);
        state
    };
    (keyed(0x36), keyed(0x5c))
}

/// `hmac_chain` (the detected kernel) and `hmac_chain_portable` against
/// HMAC computed with `sha2`'s streaming API, output block after output
/// block, for lengths around the block boundaries and long runs, with
/// random and extreme keys and values.
#[test]
fn hmac_chain_matches_streaming_hmac() {
    let mut inputs = Inputs(0x4d_ac);
    let mut cases: Vec<([u8; 64], [u8; 64])> = (0..12)
        .map(|_| {
            let mut key = [0u8; 64];
            let mut v = [0u8; 64];
            for byte in key.iter_mut().chain(v.iter_mut()) {
                *byte = inputs.next() as u8;
            }
            (key, v)
        })
        .collect();
    cases.extend([
        ([0; 64], [0; 64]),
        ([0xff; 64], [0xff; 64]),
        ([0; 64], [1; 64]),
    ]);
    for (case, (key, v0)) in cases.iter().enumerate() {
        let (inner, outer) = keyed_states(key);
        for len in [0, 1, 31, 63, 64, 65, 127, 128, 129, 1000, 4096 + 17] {
            let mut expected = Vec::new();
            let mut v = *v0;
            while expected.len() < len {
                v = hmac_sha512(key, &v);
                expected.extend_from_slice(&v);
            }
            expected.truncate(len);
            type Chain = fn(&State, &State, &mut [u8; 64], &mut [u8]);
            for (name, chain) in [
                ("hmac_chain", hmac_chain as Chain),
                ("hmac_chain_portable", hmac_chain_portable),
            ] {
                let mut ours_v = *v0;
                let mut ours = vec![0xa5u8; len];
                chain(&inner, &outer, &mut ours_v, &mut ours);
                assert_eq!(ours, expected, "{name}: case {case}, {len} bytes");
                assert_eq!(ours_v, v, "{name}: case {case}, {len} bytes: the last V");
            }
        }
    }
}

/// The serial kernel runs wherever the CPU has AVX2 and BMI2, so that the
/// tests above exercise it.
#[test]
fn serial_detection_follows_the_cpu_and_the_build() {
    let bmi2 = cpu_has!("avx2", "bmi1", "bmi2");
    let expected = if bmi2 && !cfg!(secrets_sha512x_force_portable) {
        SerialBackend::Bmi2
    } else {
        SerialBackend::Portable
    };
    assert_eq!(SerialBackend::detect(), expected);
}
