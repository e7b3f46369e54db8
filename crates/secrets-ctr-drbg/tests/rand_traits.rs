//! rand_core's traits on the raw mechanism: the documented seed layout, the
//! splitting of large requests, and what happens when the reseed interval
//! runs out.

mod common;

use common::bytes;
use rand_core::{SeedableRng, TryRng};
use secrets_ctr_drbg::{
    AesVariant, Config, CtrDrbg, CtrDrbgAes128, CtrDrbgAes192, CtrDrbgAes256, CtrDrbgSeed, Error,
    MAX_BYTES_PER_REQUEST,
};

fn seed_of<C: AesVariant>(material: &[u8]) -> CtrDrbgSeed<C> {
    let mut seed = CtrDrbgSeed::<C>::default();
    seed.as_mut().copy_from_slice(material);
    seed
}

/// `from_seed(e || n)` is Instantiate(with df, e, n, "").
fn seed_is_entropy_then_nonce<C: AesVariant>(label: &str) {
    let strength = CtrDrbgSeed::<C>::LEN * 2 / 3;
    let material = bytes(label, CtrDrbgSeed::<C>::LEN);
    let mut seeded = CtrDrbg::<C>::from_seed(seed_of::<C>(&material));
    let (entropy, nonce) = material.split_at(strength);
    let mut reference = CtrDrbg::<C>::instantiate(Config::with_df(), entropy, nonce, b"").unwrap();
    for len in [1, 16, 33, 4096] {
        let mut got = vec![0u8; len];
        let mut expected = vec![0u8; len];
        seeded.try_fill_bytes(&mut got).unwrap();
        reference.generate(&mut expected, &[]).unwrap();
        assert_eq!(got, expected, "{label}: {len} bytes");
    }
    // Words are one Generate call of 4 or 8 bytes, little-endian.
    let mut word = [0u8; 8];
    reference.generate(&mut word[..4], &[]).unwrap();
    assert_eq!(
        seeded.try_next_u32().unwrap(),
        u32::from_le_bytes(word[..4].try_into().unwrap())
    );
    reference.generate(&mut word, &[]).unwrap();
    assert_eq!(seeded.try_next_u64().unwrap(), u64::from_le_bytes(word));
}

#[test]
fn seed_layout_is_instantiate_with_df() {
    seed_is_entropy_then_nonce::<aes::Aes128Enc>("aes128 seed");
    seed_is_entropy_then_nonce::<aes::Aes192Enc>("aes192 seed");
    seed_is_entropy_then_nonce::<aes::Aes256Enc>("aes256 seed");
}

#[test]
fn seeds_of_each_variant_have_the_documented_length() {
    assert_eq!(CtrDrbgSeed::<aes::Aes128Enc>::LEN, 24);
    assert_eq!(CtrDrbgSeed::<aes::Aes192Enc>::LEN, 36);
    assert_eq!(CtrDrbgSeed::<aes::Aes256Enc>::LEN, 48);
    // The type aliases pick the matching seed.
    let _: CtrDrbgAes128 = SeedableRng::from_seed(CtrDrbgSeed::default());
    let _: CtrDrbgAes192 = SeedableRng::from_seed(CtrDrbgSeed::default());
}

#[test]
fn large_requests_are_split_into_64_kib_generate_calls() {
    let material = bytes("split", 48);
    for len in [
        MAX_BYTES_PER_REQUEST,
        MAX_BYTES_PER_REQUEST + 1,
        3 * MAX_BYTES_PER_REQUEST + 123,
    ] {
        let mut seeded = CtrDrbgAes256::from_seed(seed_of(&material));
        let mut reference = CtrDrbgAes256::from_seed(seed_of(&material));
        let mut got = vec![0u8; len];
        seeded.try_fill_bytes(&mut got).unwrap();
        let mut expected = vec![0u8; len];
        for chunk in expected.chunks_mut(MAX_BYTES_PER_REQUEST) {
            reference.generate(chunk, &[]).unwrap();
        }
        assert_eq!(got, expected, "{len} bytes");
        let calls = len.div_ceil(MAX_BYTES_PER_REQUEST) as u64;
        assert_eq!(seeded.reseed_counter(), 1 + calls);
        // Both are in the same state afterwards.
        assert_eq!(
            seeded.try_next_u64().unwrap(),
            reference.try_next_u64().unwrap()
        );
    }
}

#[test]
fn an_exhausted_interval_fails_whole_and_leaves_everything_untouched() {
    let material = bytes("exhaust", 48);
    let config = Config::with_df().reseed_interval(2);
    let mut drbg =
        CtrDrbgAes256::instantiate(config, &material[..32], &material[32..], b"").unwrap();
    // Three Generate calls needed, two allowed: refused before generating.
    let mut dst = vec![0xAAu8; 2 * MAX_BYTES_PER_REQUEST + 1];
    assert_eq!(drbg.try_fill_bytes(&mut dst), Err(Error::ReseedRequired));
    assert!(dst.iter().all(|&b| b == 0xAA), "no partial output");
    assert_eq!(drbg.reseed_counter(), 1, "state unchanged");
    // Two calls are still allowed, then nothing until a reseed.
    drbg.try_next_u32().unwrap();
    drbg.try_fill_bytes(&mut [0u8; 16]).unwrap();
    assert_eq!(drbg.try_next_u64(), Err(Error::ReseedRequired));
    drbg.reseed(&material[..32], b"").unwrap();
    drbg.try_next_u64().unwrap();
    // An empty request needs no Generate call.
    assert_eq!(drbg.try_fill_bytes(&mut []), Ok(()));
}

#[test]
fn unwrap_err_makes_it_a_rand_rng() {
    use rand::RngExt;
    let mut rng = rand_core::UnwrapErr(CtrDrbgAes256::from_seed(seed_of(&bytes("rand", 48))));
    let values: Vec<u32> = (0..64).map(|_| rng.random_range(0..10)).collect();
    assert!(values.iter().all(|&v| v < 10));
    assert!(values.windows(2).any(|w| w[0] != w[1]), "{values:?}");
}
