//! Known-answer self-test (SP 800-90A 11.3: instantiate, reseed and generate
//! are each checked against known answers before first use).
//!
//! The vectors are NIST's own: COUNT = 0 of the parameter group with a
//! personalization string and additional input in each AES section of
//! `CTR_DRBG_pr_false.rsp` (CAVS 14.3), so one record covers Instantiate,
//! Reseed, Generate with additional input, and the df or no-df path. The test
//! `selftest_vectors_are_nist_records` in `tests/cavp.rs` checks that each
//! record below appears verbatim in the shipped file.

use secrets_core::Error;

use crate::cipher::AesVariant;
use crate::drbg::{Config, CtrDrbg};

/// One pr_false record, in the file's hex.
pub(crate) struct KatRecord {
    pub(crate) section: &'static str,
    pub(crate) entropy_input: &'static str,
    pub(crate) nonce: &'static str,
    pub(crate) personalization_string: &'static str,
    pub(crate) entropy_input_reseed: &'static str,
    pub(crate) additional_input_reseed: &'static str,
    pub(crate) additional_input: [&'static str; 2],
    pub(crate) returned_bits: &'static str,
}

pub(crate) const KAT_RECORDS: [KatRecord; 6] = [
    KatRecord {
        section: "AES-128 use df",
        entropy_input: "e14ed7064a97814dd326b9a05bc44543",
        nonce: "876240c1f7de3dba",
        personalization_string: "26ccf56848a048721d0aad87d6fc65f0",
        entropy_input_reseed: "7ec4ac660fa0bbfa66ac3802e511901f",
        additional_input_reseed: "8835d28e7f85a4e95087bdd1bb7ad57e",
        additional_input: [
            "2a9bd50bbb20fefe24649f5f80eede66",
            "f7ce3d5c6c381e56b25410c6909c1074",
        ],
        returned_bits: "d2f3130d309bed1da65545b9d793e035fd2564303d1fdcfb6c7fee019500d9f5d434fab2d3c8d15e39a25f965aaa804c7141407e90c4a86a6c8d303ce83bfb34",
    },
    KatRecord {
        section: "AES-192 use df",
        entropy_input: "c4b1e6a99587eacd7ec8517f40f9433ca432cea8686433f0",
        nonce: "d03a29e548e58ca7cbf0ac707b1464e3",
        personalization_string: "0daaead21779b2a428d2b7fb12d9ab8316899edbe26b5460de1549c99e4781c9",
        entropy_input_reseed: "2229144c1b4efb79ab5fe079cda26bc33acbb2a0a87f642c",
        additional_input_reseed: "f116a683ca485fda846a598b8d9b079e78c2828286ad530bf01f693cc8af9f84",
        additional_input: [
            "7c89de353298935bd26aa18517355313df0630da5f45ea0240e809179363080b",
            "e978b8fe56afc908bed129a46d57a8698d66034d4dbcc7aba3a33d5796fb7559",
        ],
        returned_bits: "8ce7e9589c2975fd6989a450aa65da9114e515777c97351da037ccb72d4987eb69c680411724ed602e6ac76cd2d085725616c92777a4664d43a59c3ae9946134",
    },
    KatRecord {
        section: "AES-256 use df",
        entropy_input: "174b46250051a9e3d80c56ae7163dafe7e54481a56cafd3b8625f99bbb29c442",
        nonce: "98ffd99c466e0e94a45da7e0e82dbc6b",
        personalization_string: "7095268e99938b3e042734b9176c9aa051f00a5f8d2a89ada214b89beef18ebf",
        entropy_input_reseed: "e88be1967c5503f65d23867bbc891bd679db03b4878663f6c877592df25f0d9a",
        additional_input_reseed: "cdf6ad549e45b6aa5cd67d024931c33cd133d52d5ae500c3015020beb30da063",
        additional_input: [
            "c7228e90c62f896a09e11684530102f926ec90a3255f6c21b857883c75800143",
            "76a94f224178fe4cbf9e2b8acc53c9dc3e50bb613aac8936601453cda3293b17",
        ],
        returned_bits: "1a6d8dbd642076d13916e5e23038b60b26061f13dd4e006277e0268698ffb2c87e453bae1251631ac90c701a9849d933995e8b0221fe9aca1985c546c2079027",
    },
    KatRecord {
        section: "AES-128 no df",
        entropy_input: "289e5c8283cbd7dbe707255cb3cf2907d8a5ce5b347314966f9b2bebb1a1e200",
        nonce: "",
        personalization_string: "7f7b59f23510b976fe155d047525c94e2dacb30d77ac8b09281544dd815d5293",
        entropy_input_reseed: "98c522028f36fc6b85a8f3c003efd4b130dd90180ec81cf7c67d4c53d10f0022",
        additional_input_reseed: "f7a0378328d939f0f8521e39409d7175d87319c7597a9050414f7adc392a328d",
        additional_input: [
            "19c286f5b36194d1cc62c0188140bc9d61d2a9c5d88bb5aebc224bfb04dfca83",
            "820650c3201d347f5b20d3d25d1c8c7bef4d9f66a5a04c7dd9d669e95182a0c4",
        ],
        returned_bits: "79a79d44edada58e3fc12a4e36ae900eeace290265f01262f40f2958a70dcbd4d4185f708c088ede7ff8c8375f44f4012f2512d38328a5df171a17029d90f185",
    },
    KatRecord {
        section: "AES-192 no df",
        entropy_input: "4b58271b116237eedd4e9ff9360382a59f3e2a173d860f2bbd8b2bace142b2395c67cf5a513f06f3",
        nonce: "",
        personalization_string: "cf76c16cd5d270707ea9acc39744db69bfac63e566256fd6917bf9819679840f3fea2aa535d8df01",
        entropy_input_reseed: "1867f371a345eef98b2d70fc1960397892645b7b29a4ead252e8835e0b600618a9bd6ff99785d890",
        additional_input_reseed: "6d44839aff8b7165deebd489ad088ecb7dcec11c32b1e747dba8f0e8a0b89f74a84ea8a05586fe9e",
        additional_input: [
            "42248fce0994e0e63504209d629a6943eb3e2ad512f03f79cbd5102928392bce1cacbba056ac6ca9",
            "bd529b600273329423a58d6f8a12be0f17989a02e73e347bc7d49d9169337a6cff7c07e8a807a80a",
        ],
        returned_bits: "02486d32cd55954f406ba55705f1460d384439592dede81a84fda221fd45c0d651d67ec4a81a8b404151a643f331ad051cb004352289de37bca71e8cc0a6aeab",
    },
    KatRecord {
        section: "AES-256 no df",
        entropy_input: "ae7ebe062971f5eb32e5b21444750785de816595ad2cbe80a209c8f8ab04b5468166de8c6ae522d8f10b56386a3b424f",
        nonce: "",
        personalization_string: "55860dae57fcac297087c137efb796878a75868f6e7681114e9b73ed0c67e3c62bfc9f5d77e8caa59bcdb223f4ffd247",
        entropy_input_reseed: "a42407931bfeca70e6ee5dd197021a129525051c07468e8b25587c5ad50abe9204e882fe847b8fd47cf7b4360e5aa034",
        additional_input_reseed: "ee4c88d1eb05f4853663eada501d2fc4b4984b283a88db579af2113031e03d9bc570de943dd168918f3ba8065581fea7",
        additional_input: [
            "4b4b03ef19b0f259dca2b3ee3ae4cd86c3895a784b3d8eee043a2003c08289f8fffdad141e6b1ab2174d8d5d79c1e581",
            "3062b33f116b46e20fe3c354726ae9b2a3a4c51922c8107863cb86f1f0bdad7554075659d91c371e2b11b1e8106a1ed5",
        ],
        returned_bits: "0d270518baeafac160ff1cb28c11ef68712c764c0c01674e6c9ca2cc9c7e0e8accfd3c753635ee070081eee7628af6187fbc2854b3c204461a796cf3f3fcb092",
    },
];

/// A decoded hex field of at most 64 bytes.
struct Field {
    bytes: [u8; 64],
    len: usize,
}

impl Field {
    fn parse(hex: &str) -> Field {
        let mut bytes = [0u8; 64];
        let mut len = 0;
        for (dst, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
            *dst = (nibble(pair[0]) << 4) | nibble(pair[1]);
            len += 1;
        }
        Field { bytes, len }
    }

    fn get(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => 0xff,
    }
}

const KAT_FAILED: &str = "CTR_DRBG known-answer test";

/// Runs the pr_false known answer of `section` (e.g. `"AES-256 use df"`).
/// `backend` names the failing backend in the error.
pub(crate) fn run_record<C: AesVariant>(backend: &'static str, use_df: bool) -> Result<(), Error> {
    let suffix = if use_df { " use df" } else { " no df" };
    let record = KAT_RECORDS
        .iter()
        .find(|r| r.section.starts_with(C::LABEL) && r.section.ends_with(suffix))
        .ok_or(Error::HealthTest {
            backend,
            test: KAT_FAILED,
        })?;
    let config = if use_df {
        Config::with_df()
    } else {
        Config::without_df()
    };
    let fail = |_| Error::HealthTest {
        backend,
        test: KAT_FAILED,
    };
    let mut drbg = CtrDrbg::<C>::instantiate(
        config,
        Field::parse(record.entropy_input).get(),
        Field::parse(record.nonce).get(),
        Field::parse(record.personalization_string).get(),
    )
    .map_err(fail)?;
    drbg.reseed(
        Field::parse(record.entropy_input_reseed).get(),
        Field::parse(record.additional_input_reseed).get(),
    )
    .map_err(fail)?;
    let expected = Field::parse(record.returned_bits);
    let mut out = [0u8; 64];
    let out = &mut out[..expected.len];
    drbg.generate(out, Field::parse(record.additional_input[0]).get())
        .map_err(fail)?;
    drbg.generate(out, Field::parse(record.additional_input[1]).get())
        .map_err(fail)?;
    if out == expected.get() {
        Ok(())
    } else {
        Err(Error::HealthTest {
            backend,
            test: KAT_FAILED,
        })
    }
}

impl<C: AesVariant> CtrDrbg<C> {
    /// Runs NIST known answers for this AES variant, with and without the
    /// derivation function, through Instantiate, Reseed and two Generate
    /// calls with additional input (SP 800-90A 11.3).
    ///
    /// # Errors
    /// [`Error::HealthTest`] (backend `"ctr-drbg"`) if any output differs.
    ///
    /// ```
    /// secrets_ctr_drbg::CtrDrbgAes256::self_test()?;
    /// secrets_ctr_drbg::CtrDrbgAes128::self_test()?;
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn self_test() -> Result<(), Error> {
        run_record::<C>("ctr-drbg", true)?;
        run_record::<C>("ctr-drbg", false)
    }
}

#[cfg(all(test, feature = "cavp"))]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn decode(hex: &str) -> Vec<u8> {
        Field::parse(hex).get().to_vec()
    }

    /// Each embedded record is a verbatim record of the shipped NIST file.
    #[test]
    fn selftest_vectors_are_nist_records() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../vectors/cavp/CTR_DRBG_pr_false.rsp"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let records = crate::cavp::parse(&text).unwrap();
        for kat in &KAT_RECORDS {
            let found = records.iter().any(|r| {
                r.section.name == kat.section
                    && r.entropy_input == decode(kat.entropy_input)
                    && r.nonce == decode(kat.nonce)
                    && r.personalization_string == decode(kat.personalization_string)
                    && r.reseed.as_ref().is_some_and(|s| {
                        s.entropy_input == decode(kat.entropy_input_reseed)
                            && s.additional_input == decode(kat.additional_input_reseed)
                    })
                    && r.additional_input[0] == decode(kat.additional_input[0])
                    && r.additional_input[1] == decode(kat.additional_input[1])
                    && r.returned_bits == decode(kat.returned_bits)
            });
            assert!(found, "{} is not a record of the NIST file", kat.section);
        }
    }

    #[test]
    fn a_wrong_answer_fails_the_self_test() {
        // The same flow with one input bit flipped must not match.
        let record = &KAT_RECORDS[2];
        let mut entropy = decode(record.entropy_input);
        entropy[0] ^= 1;
        let mut drbg = CtrDrbg::<aes::Aes256Enc>::instantiate(
            Config::with_df(),
            &entropy,
            &decode(record.nonce),
            &decode(record.personalization_string),
        )
        .unwrap();
        let mut out = [0u8; 64];
        drbg.generate(&mut out, &[]).unwrap();
        assert_ne!(&out[..], &decode(record.returned_bits)[..]);
        assert_eq!(run_record::<aes::Aes256Enc>("t", true), Ok(()));
    }
}
