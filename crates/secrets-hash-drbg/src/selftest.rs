//! Known answers for the self-test (SP 800-90A 11.3): NIST's own records,
//! two per hash function, copied from the shipped CAVP files
//! (`vectors/cavp/`, CAVS 14.3): COUNT = 0 of the pr_false group with a
//! personalization string and additional input (Instantiate, Reseed,
//! Generate with additional input) and COUNT = 0 of the no_reseed group
//! without (Generate with none). The test `self_test_records_are_nist_records`
//! in `tests/cavp.rs` checks that each appears verbatim in its file.

use crate::__shared::Kat;
use crate::sha::HashName;

#[doc(hidden)]
pub const KAT_RECORDS: [Kat; 14] = [
    // Hash_DRBG_pr_false.rsp, [SHA-1], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha1,
        entropy_input: "48a1a97ccc49d7ccf6e378a2f16b0fcd",
        nonce: "b091d2ec12a839fe",
        personalization_string: "3dc16c1add9cac4ebbb0b889e43b9e12",
        reseed: Some((
            "ba5da6791237243fea6050f5b99ecdf5",
            "d123e38e4c97e82994a9717ac6f17c08",
        )),
        additional_input: [
            "800bed9729cfade6680dfe53ba0c1e28",
            "251e66b9e385ac1c17fb771b5dc76cf2",
        ],
        returned_bits: "a1b2ee86a0f1dab79383133a62279908953a1c9a987760121119cc78b8512bd537a19db973ca397add9233786d5d41fffae98059048521e25284bc6fdb97f34e6a127acd410f50682846be569e9a6bc8",
    },
    // Hash_DRBG_no_reseed.rsp, [SHA-1], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha1,
        entropy_input: "136cf1c174e5a09f66b962d994396525",
        nonce: "fff1c6645f19231f",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "0e28130fa5ca11edd3293ca26fdb8ae1810611f78715082ed3841e7486f16677b28e33ffe0b93d98ba57ba358c1343ab2a26b4eb7940f5bc639384641ee80a25140331076268bd1ce702ad534dda0ed8",
    },
    // Hash_DRBG_pr_false.rsp, [SHA-224], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha224,
        entropy_input: "184cbf7f1c462f27fc640ccf2aac1b26174ee41e42dcceaa",
        nonce: "09f9d8acd06aba74b9f849f7",
        personalization_string: "5a5afe330e898ca94fad05b0e6b3f8146f46c90379a0b1eb",
        reseed: Some((
            "b5eb44d3515c74d2cbd28c4ac5edb5fb95846e74e8398ce5",
            "a793fefe0f2ab3e9a0d1ddbc058d78369b03597f44099a81",
        )),
        additional_input: [
            "930ef8531a344fef957660cbb401583afa0f016b7023a9db",
            "2ee03b7314fb00e1e2616799c144cd58f051cde370588d70",
        ],
        returned_bits: "22b856603db40f1b6d439d5b88fbe4734f7fdee15f4df47dfd418b362f23e48fef0f48f03d1a7b7b0de607c2a8288b1aaa01bc84646c322a88b2351855d7fa1b66b0b12baccbaa5ad6cc71833998f8998712bddf54ab8af329c55791b7576cf36ade4b921009ffe32a8d22ecf4747571",
    },
    // Hash_DRBG_no_reseed.rsp, [SHA-224], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha224,
        entropy_input: "39af3b5438eef3242073aa3aa7a3cf1b713cd38e230fc782",
        nonce: "45fadab7fd239df2b9a4783f",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "d86792dca80f167184fad6eba188a08160b14c324c5e279d98e5de1047402e3de71fe92aefdfe5c8aecb416757a67dcce3d0523a50ecdc381a98da93a511ac95f4a6b7a9c3192ebe21bbc27fe005bc413c1c10a1995b24078dd05727d55da602ba93a392769349993552a157f5699f16",
    },
    // Hash_DRBG_pr_false.rsp, [SHA-256], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha256,
        entropy_input: "6c623aea73bc8a59e28c6cd9c7c7ec8ca2e75190bd5dcae5978cf0c199c23f4f",
        nonce: "e55db067a0ed537e66886b7cda02f772",
        personalization_string: "1e59d798810083d1ff848e90b25c9927e3dfb55a0888b0339566a9f9ca7542dc",
        reseed: Some((
            "9ab40164744c7d00c78b4196f6f917ec33d70030a0812cd4606c5a25387568a9",
            "4e8bead7cbba7a7bc9ae1e1617222c4139661347599950e7225d1e2faa5d57f5",
        )),
        additional_input: [
            "dcb22a5d9f149858636f3ede2253e419816fb7b1103194451ed6a573a8fe6271",
            "8f9d5c78cdabc32e71ac3b3c49239caddf96053250f4fd92056efbd0be487d36",
        ],
        returned_bits: "6e98a3b1f686f6ffa79355c9d8a5ab7f93312159d52659a2298315f10007c71adabc0b5ccb4164c0949fbdb221b43acdb62bed3099596f2d7bd5d0048173dd2360a543b234ab61a441ddb9299af84ca45c6e618fd521366dbf509d4ec06174da924361d642b107e5564ac1b32340dd2f3158bf4c00bcb4dcf12c6d67af4b74ee",
    },
    // Hash_DRBG_no_reseed.rsp, [SHA-256], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha256,
        entropy_input: "a65ad0f345db4e0effe875c3a2e71f42c7129d620ff5c119a9ef55f05185e0fb",
        nonce: "8581f9317517276e06e9607ddbcbcc2e",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "d3e160c35b99f340b2628264d1751060e0045da383ff57a57d73a673d2b8d80daaf6a6c35a91bb4579d73fd0c8fed111b0391306828adfed528f018121b3febdc343e797b87dbb63db1333ded9d1ece177cfa6b71fe8ab1da46624ed6415e51ccde2c7ca86e283990eeaeb91120415528b2295910281b02dd431f4c9f70427df",
    },
    // Hash_DRBG_pr_false.rsp, [SHA-384], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha384,
        entropy_input: "f411e1feeccf01c0d4bde61ca2384a2640b41e383a055b374e0acfa8170c2f28",
        nonce: "7cf75b960dcd0a0a9d2a4e7e8d5e47d3",
        personalization_string: "25d6dfee3e74d3b6a9f459094203fc76e0e589fa879cc445008c80e3736fc0a9",
        reseed: Some((
            "d222df563773906b875d55dc1aef90337ff59fc3ca5ed0af5e46d306d630c7e3",
            "07a576624662253737789e543734d7c35ded8d74a3b53919b1c28c21a2b5ebc5",
        )),
        additional_input: [
            "2561c8591281f0682d3811387d0cdc16c137edfcc9527134212701f73550c572",
            "870441d9435f2cbf16f1168f50e32d9b8811be7adc10a5070c5eb993372c5732",
        ],
        returned_bits: "9107af002a8bc3e0f0394eb0db3a801ca73844db0600873d1d576ccfbdd88dfc3eaa101e52e4c4ad9958d9d0e5f1eb555cd0d93ad2745a1302dfead60c42ef28e7211740b1dc694fdf72dd066d1d66a58aceeb9a8c6a9c67a75326f97b742b85e7abdc853b01bd799bb9f3e8e6b5f2a41919543b17c0da4e4e25f04e1c2859a56466689ab85c46cb9f593abff0f058f7d26f2c09e379e5e0b6e123f24fb9bcfba9a468dcb38a9577d63251d20f09b8d2b4dad74fb52e1e8dbdde6e0436563d66",
    },
    // Hash_DRBG_no_reseed.rsp, [SHA-384], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha384,
        entropy_input: "9ef0b00381d6c8c54d08fcadc6f5ef331134bb986373f65c6a14f553bcb6c55d",
        nonce: "9fce26ada7b1de39590312bd9d81c4f5",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "663ffb625e62c4eb67d7177a6abb808a9f68c2d5840f19992c11ea3a635d05b537fae1f1746c1314e1a75e141c2e094187d17b9daae1442e41d3a0d1fea94d8ef9d840111379a52e6c7ffafa7ee83b244ced129613d5b8bb089e7ea25de1c29897735cf95695043a648a2ef6fd4aa74ce8328a5550da8ddb51f98adcdc108e455603f6f18f5a50016f3e8ebcb244a16bc6b6e554a7546153c12f522c75ca5f1017e01da36650e6203f30ed5c3da3b6078736465eecb400eeaaa2c876e37564d8",
    },
    // Hash_DRBG_pr_false.rsp, [SHA-512], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512,
        entropy_input: "4b23595b0a3640cfabb0ec34df6a613308b0448488a5d9ff99da4278e072eb34",
        nonce: "8e696bffd9ca3a71d2e2f05e600c8364",
        personalization_string: "010ba93ea68a3d4a200e5145859e299c5b5349b7645fb5bbcad687aba7d67313",
        reseed: Some((
            "04de4babdbe143bde99aa4452f9aa43b0a164eb927555c0496aa0fc9328a521c",
            "2b0c7c3efb36b71b917a44086d168313675b426b17c5ab3d0eb6af753f6040e0",
        )),
        additional_input: [
            "d0b7d1d12ab15d3bba8f4eba07fee0974838962b247be480683b8e3d4a91033a",
            "66c78ca12e45bdca003b49cb6440b977dd85b167e7c803890ed1a73666eaa869",
        ],
        returned_bits: "4008cbd8281dc82fd6c368f650ef2609bb771e80c63d478a77fa938248dcbb8b79e54ead0265f6ff1ebfafe4e387c6e27df9f03e4a5225e86a4436e56ebf03b3be2cfbcb49c89c92ec1dfa5ee445dd4f6f64e02a2423a0b18ebd02eec52f5cc21bc3565e796b3ded6552f1b5a574a201c3b11018222806f9618d23d77fd02db879cf87fe24ed7ba11b3b108b559633db1f95c5121b28011aa4dd20399bd4978e1f8b8880c333a47ff1750679bf28d329347b26d347aae90ee562ae8029579cbe0336e066d6b8ba5e0169fec804c30189a4434c1bf8a5b0a249951d3d89554da38ff0751b8b1fef9ae18a0aa2bc477736d199a06f61d400039a4cc03869bb10ca",
    },
    // Hash_DRBG_no_reseed.rsp, [SHA-512], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512,
        entropy_input: "6b50a7d8f8a55d7a3df8bb40bcc3b722d8708de67fda010b03c4c84d72096f8c",
        nonce: "3ec649cc6256d9fa31db7a2904aaf025",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "95b7f17e9802d3577392c6a9c08083b67dd1292265b5f42d237f1c55bb9b10bfcfd82c77a378b8266a0099143b3c2d64611eeeb69acdc055957c139e8b190c7a06955f2c797c2778de940396a501f40e91396acf8d7e45ebdbb53bbf8c975230d2f0ff9106c76119ae498e7fbc03d90f8e4c51627aed5c8d4263d5d2b978873a0de596ee6dc7f7c29e37eee8b34c90dd1cf6a9ddb22b4cbd086b14b35de93da2d5cb1806698cbd7bbb67bfe3d31fd2d1dbd2a1e058a3eb99d7e51f1a938eed5e1c1de23a6b4345d3191409f92f39b3670d8dbfb635d8e6a36932d81033d1448d63b403ddf88e121b6e819ac381226c1321e4b08644f6727c368c5a9f7a4b3ee2",
    },
    // Hash_DRBG_pr_false.rsp, [SHA-512/224], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_224,
        entropy_input: "4a94d8aa827ba2b0f354e5d20977a488b76201311b789e6d",
        nonce: "6ad176d4a3d713fe4d1a269a",
        personalization_string: "c3619cdff70457dcff4a08e498003bfb7050afe77a7ca841",
        reseed: Some((
            "e16e6ce422207a2b8c98fd4137f5f35d5127cb6d0eeb72ef",
            "738594682f2475217220c64804f231a323e1321cd657739a",
        )),
        additional_input: [
            "7ea2ea8fd7cc306275189d55e78ba809e5f28d58cc5db8fa",
            "6df7388057a8388f18bff94b5f9c6545e275996a600d8e15",
        ],
        returned_bits: "945c36e2e285da9dcf6ae59db153fc39eda3c5c5a035d68b7565981eb2b6dcbfbd1333a607159fc55cfeeed516e8956303473e07d3ae0c9754d82d4d6833e570ed5e9c548ac8038534bd8cecaa3def4ae86bccccf10fc2b3bf666e8b108cbeb237da2d299aed55d9790329f78a70d296",
    },
    // Hash_DRBG_no_reseed.rsp, [SHA-512/224], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_224,
        entropy_input: "65568162700f22ac868a504110fa466c70cfe0e7c32f1451",
        nonce: "69545e871b89c7b3f95885eb",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "588572c2e4f0d6c7077d2b9eb593687ca92c86e5a9729505fcff52adfcf8a5eb850b910b985df10299bfe7434f3b6b7af92a3edaed732751cdb421c38431e2763afc6799eb61e176f9f20945870680ff8b62484378d3a7fd7d29202e5d371785d68fe399d5f600f34517fcccadf58937",
    },
    // Hash_DRBG_pr_false.rsp, [SHA-512/256], the group with personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_256,
        entropy_input: "6990734750a4e9b5c59374ea4f2ff4695817ffc94d166ce780206caf9f8032ce",
        nonce: "9167fb62fb5bf1b1c32392adeb3117cd",
        personalization_string: "1f7e7245fea86f9abb1999f6638a2e5a4bd1121f52960db80dcef970b6696f1c",
        reseed: Some((
            "85727d6e385d55878dc10b84d38937db6a7530cea27530d6e3f41c30e60defd9",
            "34471bfc6854d46d5da8d624680f2d9e7ea7a2e7e47652245b1a3569066d5e41",
        )),
        additional_input: [
            "2a02ffe392da0577f3a10eb5a86be2ea8a7e1cc2ee69be0570beba7ce672bc9b",
            "79b451e4e97b14610ff6a8a80ebc9fe05b0fcc847f327416b8f5dfcebdaff3f9",
        ],
        returned_bits: "08a1a80fa014eeede9f74af9232c65e32605ab2bdcb5402386b04abd6b839fdf78d5c86b970f99c3e48bb83a9dcb60f108910c3026efea635e3b5cb1513ffc3e6d7601b0e4f9c7a1a2d8bc7b287aaf9cb441fdf5d57a8fc9c37a61be19a20632078ab2ae36bfc243934feef7e3d670bbc7df3d4f08458be0102f648ae23c8ce4",
    },
    // Hash_DRBG_no_reseed.rsp, [SHA-512/256], the group without personalization string and additional input, COUNT = 0.
    Kat {
        hash: HashName::Sha512_256,
        entropy_input: "44ce0a55dd28a430bc87627f2a06a391269c4294f10d65cc674b47a12cc9d6f6",
        nonce: "c289eaa7eb8c0ec54d1a1d380f16def5",
        personalization_string: "",
        reseed: None,
        additional_input: ["", ""],
        returned_bits: "c294640085507dee07b3a9e14c89a9d246370314b88ad7f22f5143132f953bbef8aeeef29dac7907c5f6da5f79f5e0cf89e9d63adc9f4eea7bef098d68389e681e9ff31dff03b26d6183bbcabad590cbdece476dc0cab3e6fcf85ac7c12149640e272cf85571aa2c638165df5553519116393a3c0ee3aed718d42380201d2c35",
    },
];
