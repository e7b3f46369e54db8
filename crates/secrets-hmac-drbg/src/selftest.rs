//! Known answers for the self-test (SP 800-90A 11.3): NIST's own records,
//! two per hash function, copied from the shipped CAVP files
//! (`vectors/cavp/`, CAVS 14.3): COUNT = 0 of the pr_false group with a
//! personalization string and additional input (Instantiate, Reseed,
//! Generate with additional input: Update's two rounds) and COUNT = 0 of the
//! no_reseed group without (Generate with none: Update's single round). The
//! test `self_test_records_are_nist_records` in `tests/cavp.rs` checks that
//! each appears verbatim in its file.

use secrets_hash_drbg::__shared::Kat;
use secrets_hash_drbg::HashName;

#[doc(hidden)]
pub const KAT_RECORDS: [Kat; 14] = [
    // HMAC_DRBG_pr_false.rsp, [SHA-1], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha1,
        entropy_input: "03e7b41c95818eb0b667bfa8a175a824",
        nonce: "66a1e417a9b6b92f",
        personalization_string: "126dded5eb0bc81be37c10bcd9d5f793",
        reseed: Some((
            "d17e98c2e50ee0db00d25c3364451e95",
            "dc596d188e2343802240bc7f5cc60516",
        )),
        additional_input: [
            "14c8ec10f5bdde6b9e75898d7f9f03d0",
            "31aa842afcc1daa94098241a87d6ddfc",
        ],
        returned_bits: "4739b1bcf87404a2290829bd7a61f0b391a794c71c055c7cc513b28dcb5fdc88645bc9cb490f41fab134c6b33ce9336571762754343961de671b02a47960b4b4e23c5bfb87dcc19b260b3bcb921ae325",
    },
    // HMAC_DRBG_no_reseed.rsp, [SHA-1], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha1,
        entropy_input: "e91b63309e93d1d08e30e8d556906875",
        nonce: "f59747c468b0d0da",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "b7928f9503a417110788f9d0c2585f8aee6fb73b220a626b3ab9825b7a9facc79723d7e1ba9255e40e65c249b6082a7bc5e3f129d3d8f69b04ed1183419d6c4f2a13b304d2c5743f41c8b0ee73225347",
    },
    // HMAC_DRBG_pr_false.rsp, [SHA-224], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha224,
        entropy_input: "96ae702af50c50c7c38818a5133938bd7ce51197fc78e218",
        nonce: "15b6c5a7ff9c0395d764159f",
        personalization_string: "e96554644097e9932585b7f4bb14d101f24c8b0376f38c05",
        reseed: Some((
            "707d5813e5bf47c1b8232b44a007bf7decfef499d758ed53",
            "3f698a5f6f4fe67ef2ddf23bd5a67c1a2df4f3b19425fb85",
        )),
        additional_input: [
            "fe1f6a90fc0ed396bca21c0d40a1bb583eb63df78c98adac",
            "5942b56148f27dd5388f00caa47ffd4925e854237fe14454",
        ],
        returned_bits: "150b9260ce9aa419fe1860332ae7c9f42d9ada1649679b53f46bc9d20de3431186a54afb5df7b6269cdc05540a93fdd50a2cd3a862372d862841768df02846b057993dd6aa32f874b7220a5a1fd9cb573d720a54af5715cedfc16f0d9a467735e253b2b1a6e97421fcee1f2d670dec1a",
    },
    // HMAC_DRBG_no_reseed.rsp, [SHA-224], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha224,
        entropy_input: "a76e77a969ab92645181f0157802523746c34bf321867641",
        nonce: "051ed6ba39368033adc93d4e",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "8925987db5566e60520f09bdddab488292bed92cd385e5b6fc223e1919640b4e34e34575033e56c0a8f608be21d3d221c67d39abec98d81312f3a2653d55ffbf44c337c82bed314c211be23ec394399ba351c4687dce649e7c2a1ba7b0b5dab125671b1bcf9008da65cad612d95ddc92",
    },
    // HMAC_DRBG_pr_false.rsp, [SHA-256], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha256,
        entropy_input: "cdb0d9117cc6dbc9ef9dcb06a97579841d72dc18b2d46a1cb61e314012bdf416",
        nonce: "d0c0d01d156016d0eb6b7e9c7c3c8da8",
        personalization_string: "6f0fb9eab3f9ea7ab0a719bfa879bf0aaed683307fda0c6d73ce018b6e34faaa",
        reseed: Some((
            "8ec6f7d5a8e2e88f43986f70b86e050d07c84b931bcf18e601c5a3eee3064c82",
            "1ab4ca9014fa98a55938316de8ba5a68c629b0741bdd058c4d70c91cda5099b3",
        )),
        additional_input: [
            "16e2d0721b58d839a122852abd3bf2c942a31c84d82fca74211871880d7162ff",
            "53686f042a7b087d5d2eca0d2a96de131f275ed7151189f7ca52deaa78b79fb2",
        ],
        returned_bits: "dda04a2ca7b8147af1548f5d086591ca4fd951a345ce52b3cd49d47e84aa31a183e31fbc42a1ff1d95afec7143c8008c97bc2a9c091df0a763848391f68cb4a366ad89857ac725a53b303ddea767be8dc5f605b1b95f6d24c9f06be65a973a089320b3cc42569dcfd4b92b62a993785b0301b3fc452445656fce22664827b88f",
    },
    // HMAC_DRBG_no_reseed.rsp, [SHA-256], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha256,
        entropy_input: "ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488",
        nonce: "659ba96c601dc69fc902940805ec0ca8",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8",
    },
    // HMAC_DRBG_pr_false.rsp, [SHA-384], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha384,
        entropy_input: "c4868db5c46fde0a10008838b5be62c349209fded42fab461b01e11723c8242a",
        nonce: "618faba54acba1e0afd4b27cbd731ed9",
        personalization_string: "135132cf2b8a57554bdc13c68e90dc434353e4f65a4d5ca07c3e0a13c62e7265",
        reseed: Some((
            "d30016b5827dc2bfe4034c6654d69775fe98432b19e3da373213d939d391f54a",
            "a0bbd02f6aa71a06d1642ca2cc7cdc5e8857e431b176bcf1ecd20f041467bd2d",
        )),
        additional_input: [
            "93ee30a9e7a0e244aa91da62f2215c7233bdfc415740d2770780cbbad61b9ba2",
            "36d922cacca00ae89db8f0c1cae5a47d2de8e61ae09357ca431c28a07907fce1",
        ],
        returned_bits: "2aac4cebed080c68ef0dcff348506eca568180f7370c020deda1a4c9050ce94d4db90fd827165846d6dd6cb2031eec1634b0e7f3e0e89504e34d248e23a8fb31cd32ff39a486946b2940f54c968f96cfc508cd871c84e68458ca7dccabc6dcfb1e9fbef9a47caae14c5239c28686e0fc0942b0c847c9d8d987970c1c5f5f06eaa8385575dacb1e925c0ed85e13edbb9922083f9bbbb79405411ff5dfe70615685df1f1e49867d0b6ed69afe8ac5e76ffab6ff3d71b4dae998faf8c7d5bc6ae4d",
    },
    // HMAC_DRBG_no_reseed.rsp, [SHA-384], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha384,
        entropy_input: "a1dc2dfeda4f3a1124e0e75ebfbe5f98cac11018221dda3fdcf8f9125d68447a",
        nonce: "bae5ea27166540515268a493a96b5187",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "228293e59b1e4545a4ff9f232616fc5108a1128debd0f7c20ace837ca105cbf24c0dac1f9847dafd0d0500721ffad3c684a992d110a549a264d14a8911c50be8cd6a7e8fac783ad95b24f64fd8cc4c8b649eac2b15b363e30df79541a6b8a1caac238949b46643694c85e1d5fcbcd9aaae6260acee660b8a79bea48e079ceb6a5eaf4993a82c3f1b758d7c53e3094eeac63dc255be6dcdcc2b51e5ca45d2b20684a5a8fa5806b96f8461ebf51bc515a7dd8c5475c0e70f2fd0faf7869a99ab6c",
    },
    // HMAC_DRBG_pr_false.rsp, [SHA-512], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512,
        entropy_input: "da740cbc36057a8e282ae717fe7dfbb245e9e5d49908a0119c5dbcf0a1f2d5ab",
        nonce: "46561ff612217ba3ff91baa06d4b5440",
        personalization_string: "fc227293523ecb5b1e28c87863626627d958acc558a672b148ce19e2abd2dde4",
        reseed: Some((
            "1d61d4d8a41c3254b92104fd555adae0569d1835bb52657ec7fbba0fe03579c5",
            "b9ed8e35ad018a375b61189c8d365b00507cb1b4510d21cac212356b5bbaa8b2",
        )),
        additional_input: [
            "b7998998eaf9e5d34e64ff7f03de765b31f407899d20535573e670c1b402c26a",
            "2089d49d63e0c4df58879d0cb1ba998e5b3d1a7786b785e7cf13ca5ea5e33cfd",
        ],
        returned_bits: "5b70f3e4da95264233efbab155b828d4e231b67cc92757feca407cc9615a660871cb07ad1a2e9a99412feda8ee34dc9c57fa08d3f8225b30d29887d20907d12330fffd14d1697ba0756d37491b0a8814106e46c8677d49d9157109c402ad0c247a2f50cd5d99e538c850b906937a05dbb8888d984bc77f6ca00b0e3bc97b16d6d25814a54aa12143afddd8b2263690565d545f4137e593bb3ca88a37b0aadf79726b95c61906257e6dc47acd5b6b7e4b534243b13c16ad5a0a1163c0099fce43f428cd27c3e6463cf5e9a9621f4b3d0b3d4654316f4707675df39278d5783823049477dcce8c57fdbd576711c91301e9bd6bb0d3e72dc46d480ed8f61fd63811",
    },
    // HMAC_DRBG_no_reseed.rsp, [SHA-512], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512,
        entropy_input: "35049f389a33c0ecb1293238fd951f8ffd517dfde06041d32945b3e26914ba15",
        nonce: "f7328760be6168e6aa9fb54784989a11",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "e76491b0260aacfded01ad39fbf1a66a88284caa5123368a2ad9330ee48335e3c9c9ba90e6cbc9429962d60c1a6661edcfaa31d972b8264b9d4562cf18494128a092c17a8da6f3113e8a7edfcd4427082bd390675e9662408144971717303d8dc352c9e8b95e7f35fa2ac9f549b292bc7c4bc7f01ee0a577859ef6e82d79ef23892d167c140d22aac32b64ccdfeee2730528a38763b24227f91ac3ffe47fb11538e435307e77481802b0f613f370ffb0dbeab774fe1efbb1a80d01154a9459e73ad361108bbc86b0914f095136cbe634555ce0bb263618dc5c367291ce0825518987154fe9ecb052b3f0a256fcc30cc14572531c9628973639beda456f2bddf6",
    },
    // HMAC_DRBG_pr_false.rsp, [SHA-512/224], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_224,
        entropy_input: "49b3828d3a3791daaba183fc6191b539d69cb23f7eafda11",
        nonce: "51b5ef025a0a815de8f7b3fa",
        personalization_string: "e2fa4df4ed742c618fff06381b62130c0ba50fa1e037de09",
        reseed: Some((
            "117455d054ce5eb15d005b66de39ef4b6af811c1bd3c4f1c",
            "cfbe003db17375d41a1edfa4ece9db28a2a9ad9349975b2b",
        )),
        additional_input: [
            "243851300d4d16f530c316f705c86136763c245c564b8bdd",
            "96c4183e8bd01a25b8054917927ede7c5c5746a38c8bc62b",
        ],
        returned_bits: "29baf90e03114bb4ae61eff71209617ffe7d36a9fc1db52a3703ae041ca05e87df8d94a3b161b71876d5784d4cda810cea69c58e3eb897680d19c9b6e8f507d931cb0e60472282db39bcd44167037a72ca11107ab1c44f2559e0c653cb530675ca511f87d761cddf2b04c0fbfccbe2ff",
    },
    // HMAC_DRBG_no_reseed.rsp, [SHA-512/224], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_224,
        entropy_input: "5b3b225c13bd5d7bf9aa8ad7ff170697f6492670ff64b5c0",
        nonce: "d53aba6178eb4db03d022e56",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "16b4152d7f20ba956d3a788e33c644128f82d368e85f125d1c2618f6090f4a1b20c30335e836447549a662c7ca14d4612cf490a3e83927d2255ff398673394a6cf9b3eb46765d51ea1e487f8355249de965d37b7f035240501ead7d2b2dc35b0c6d41fb54f0e9b4bbf513e96871b705d",
    },
    // HMAC_DRBG_pr_false.rsp, [SHA-512/256], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_256,
        entropy_input: "07fccfc253700b6a75b370e08a3a7656b05819347bbe73ec3cfcb89ffdc378da",
        nonce: "63ce5f986444388962778fe385783b7f",
        personalization_string: "6ce71511c29700a427f2f12a482d86a978ac63c6a1b6a83371e3c504f26d5b45",
        reseed: Some((
            "34ac0aa158096b65676ba5bb6766db02f8eebc5a5124204d778f15db8d6f05e3",
            "a1232e22ba068ae1ccca1a02aee7638b3af2c3238afe394687dc431961250d1d",
        )),
        additional_input: [
            "f65fdeca968bcf29bf3e6c5ea01146d411aaaaa3afa54849bf16273805c620f6",
            "b308b2e265da3e43096f4a8be9a18fd6cea6ad928ae2ef8140b5bad82b898e52",
        ],
        returned_bits: "075189d22c22d634aa608a7ad7988f45a6fd3a43a9f84016dc2eb90334a2984562597fd72f6c340746a688bda79d5aa21a730a5e1f7a318a9bfc55ec26cdc6dc17a400c6a46f65de8aa502f5e310b53d76dd6511d27f76c2bd24a0505615ad5d86d5092c285e6bb3efe014364698f7c88a4d36762bb9165d5bcc7d7fa0e5f4ed",
    },
    // HMAC_DRBG_no_reseed.rsp, [SHA-512/256], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_256,
        entropy_input: "5b3f146867c87388fe04fc3d24f35626faf66baf9d8c5d0facb2aaee8bb4e466",
        nonce: "175857ea77de3cf4113001a1aad3dc23",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "5a78701c0446bf9cc04f34719e6b4a269367e250b5747b241c5ac3b70e946b918f4d9f700c9a975eb0b5ab4f72a479c8ff6098e346e9fe4b5926a41982fe1b80bd49961ef154851b49c6abe7454b0b9ee27a32c460768008922daadc9e06553cfdda852dca6565b18f5ea9a98b96dc411b2a949c61b2114dbb657948e4f76b42",
    },
];
