//! Known-answer checks run by `Backend::self_test`.

use secrets_core::Error;

use crate::ChaChaRounds;
use crate::core::ChaChaCore;
use crate::keystream::{self, BLOCK_BYTES, Block};
use crate::variant::{KnownAnswer, unhex};

/// Our own regression vectors for the construction (not published anywhere):
/// pinned outputs of [`ChaChaCore::from_seed`] for seed `00 01 … 1f`.
/// Request sequence: 32 bytes (buffered), 1024 bytes (direct: the last 32
/// are pinned), 32 bytes (buffered, after the direct rekey), then three
/// buffered requests of 1000 bytes, which cross a refill (the last 32 bytes
/// of the third are pinned).
pub(crate) struct ConstructionVector {
    pub(crate) first: [u8; 32],
    pub(crate) direct_tail: [u8; 32],
    pub(crate) after_direct: [u8; 32],
    pub(crate) after_refill: [u8; 32],
}

pub(crate) const REGRESSION_SEED: [u8; 32] =
    unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

/// The pinned construction outputs for round count `R`.
pub(crate) fn construction_vector<R: ChaChaRounds>() -> ConstructionVector {
    match R::ROUNDS {
        8 => ConstructionVector {
            first: unhex("ff9ead365f89ce3b6f4055bc759d90fd8f831d27c7b0df93b3b9ed8238a256d6"),
            direct_tail: unhex("c106e767d23682ba0dbffc4ad7d3fa79e0d4ec73273c09a89f568e8102d75cd4"),
            after_direct: unhex("712ff289f30f641fcd822ff8e656ffd8725691f839a7b433a5b61053d99baee0"),
            after_refill: unhex("88811eac0531a26fa15c80d1f3cf0e0b2227e69efc76f4d572f4b2e1100cb0f8"),
        },
        12 => ConstructionVector {
            first: unhex("5940b308c2857c9f29d6e2548528d49a612b1b0ae6765d16e585aefb46368879"),
            direct_tail: unhex("58abc96f397e29e472040820eeedc4960ee621009dbefb97559fd244fa5fa771"),
            after_direct: unhex("22c65ea358aab7d50d49d2d9151bebc0d9d4261f48cc6c657f8a2b3ce7e08f88"),
            after_refill: unhex("f39fc63e47308d556b927564b4f32bf55cccfd9b88f3bd40fad7c32facaf49ad"),
        },
        _ => ConstructionVector {
            first: unhex("2b23cce7a26023ab3f0eef693ac87f64258235eab1f7a32dc22762a0485b410c"),
            direct_tail: unhex("8867eed595998adb0f0b694a9c06f899cb543ddebbab4424ea39e0d3a326153b"),
            after_direct: unhex("7208086dd1ee3c5d9d815824640e003c9ba0f65ede5d59ce0d2a4a7f31955acd"),
            after_refill: unhex("cc909eeb419567248676a100f6af0c1d38da6283d037db03b8a4ed50bc2a4f50"),
        },
    }
}

/// Runs the construction's request sequence for the regression vector.
pub(crate) fn construction_output<R: ChaChaRounds>() -> ConstructionVector {
    let mut core = ChaChaCore::<R>::from_seed(REGRESSION_SEED);
    let mut first = [0u8; 32];
    core.fill_bytes(&mut first);
    let mut direct = [0u8; 1024];
    core.fill_bytes(&mut direct);
    let mut direct_tail = [0u8; 32];
    direct_tail.copy_from_slice(&direct[1024 - 32..]);
    let mut after_direct = [0u8; 32];
    core.fill_bytes(&mut after_direct);
    let mut buffered = [0u8; 1000];
    for _ in 0..3 {
        core.fill_bytes(&mut buffered);
    }
    let mut after_refill = [0u8; 32];
    after_refill.copy_from_slice(&buffered[1000 - 32..]);
    ConstructionVector {
        first,
        direct_tail,
        after_direct,
        after_refill,
    }
}

/// Blocks one known-answer check generates: a whole batch of the widest
/// kernel (16 for `chacha20`'s AVX-512 backend, twice 8 for ours on AVX2),
/// so the vectors run through the same batch path as the DRBG's output.
const CHECK_BLOCKS: usize = 16;

/// Checks one keystream vector through the DRBG's own block path.
pub(crate) fn check_known_answer<R: ChaChaRounds>(kat: &KnownAnswer) -> Result<(), Error> {
    let mut blocks: [Block; CHECK_BLOCKS] = core::array::from_fn(|_| Block::default());
    keystream::write_blocks::<R>(&kat.key, &kat.nonce, kat.counter, &mut blocks);
    let blocks_needed = kat.len / BLOCK_BYTES;
    let matches = blocks
        .iter()
        .take(blocks_needed)
        .zip(kat.keystream.chunks_exact(BLOCK_BYTES))
        .all(|(got, want)| got.as_slice() == want);
    if matches && blocks_needed > 0 {
        Ok(())
    } else {
        Err(Error::HealthTest {
            backend: R::NAME,
            test: "keystream known-answer test",
        })
    }
}

/// The self-test: every published vector for `R`, then the construction
/// regression vector.
pub(crate) fn self_test<R: ChaChaRounds>() -> Result<(), Error> {
    for kat in R::KNOWN_ANSWERS {
        check_known_answer::<R>(&kat.0)?;
    }
    let got = construction_output::<R>();
    let want = construction_vector::<R>();
    if got.first == want.first
        && got.direct_tail == want.direct_tail
        && got.after_direct == want.after_direct
        && got.after_refill == want.after_refill
    {
        Ok(())
    } else {
        Err(Error::HealthTest {
            backend: R::NAME,
            test: "construction known-answer test",
        })
    }
}

#[cfg(test)]
mod tests;
