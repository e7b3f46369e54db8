//! A small, bounds-checked reader for the vDSO's ELF image.
//!
//! The kernel maps the vDSO into every process as an ordinary ELF shared
//! object. We need exactly one thing from it: the address of the getrandom
//! entry point, found through the dynamic symbol table and checked against
//! its symbol version. This module works on byte slices only and is safe
//! code: every read goes through [`Bytes`], which returns `None` for anything
//! out of bounds or overflowing, so a malformed or truncated image makes the
//! lookup return `None` (and the caller falls back to the system call). It
//! never panics and never loops without bound.
//!
//! Only 64-bit ELF in the machine's own byte order is accepted: every
//! architecture on which we call the vDSO is 64-bit, and the kernel maps a
//! vDSO of the process's own class and byte order.

/// ELF machine number (`e_machine`) for x86-64.
#[cfg_attr(not(any(test, target_arch = "x86_64")), allow(dead_code))]
pub(crate) const EM_X86_64: u16 = 62;
/// ELF machine number for AArch64.
#[cfg_attr(not(target_arch = "aarch64"), allow(dead_code))]
pub(crate) const EM_AARCH64: u16 = 183;

const ELF_MAGIC: [u8; 4] = [0x7f, b'E', b'L', b'F'];
const ELFCLASS64: u8 = 2;
const ELFDATA2LSB: u8 = 1;
const ELFDATA2MSB: u8 = 2;
const EV_CURRENT: u8 = 1;
const ET_DYN: u16 = 3;

const EHDR_SIZE: usize = 64;
const PHDR_SIZE: usize = 56;
const DYN_SIZE: usize = 16;
const SYM_SIZE: usize = 24;
const VERDEF_SIZE: usize = 20;
const VERDAUX_SIZE: usize = 8;

const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PF_X: u32 = 1;

const DT_NULL: u64 = 0;
const DT_HASH: u64 = 4;
const DT_STRTAB: u64 = 5;
const DT_SYMTAB: u64 = 6;
const DT_STRSZ: u64 = 10;
const DT_SYMENT: u64 = 11;
const DT_GNU_HASH: u64 = 0x6fff_fef5;
const DT_VERSYM: u64 = 0x6fff_fff0;
const DT_VERDEF: u64 = 0x6fff_fffc;
const DT_VERDEFNUM: u64 = 0x6fff_fffd;

const SHN_UNDEF: u16 = 0;
const STT_FUNC: u8 = 2;
const STB_GLOBAL: u8 = 1;
const STB_WEAK: u8 = 2;
const VER_FLG_BASE: u16 = 1;
const VERSYM_HIDDEN: u16 = 0x8000;

/// Upper bound on the entries we walk in any table or chain. A real vDSO
/// has a few dozen symbols; the bound only stops a corrupted image from
/// making us spin.
const MAX_WALK: usize = 1 << 16;

/// Bounds-checked native-endian reads from a byte slice.
#[derive(Clone, Copy)]
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn array<const N: usize>(self, offset: usize) -> Option<[u8; N]> {
        let end = offset.checked_add(N)?;
        self.0.get(offset..end)?.try_into().ok()
    }

    fn u8(self, offset: usize) -> Option<u8> {
        self.0.get(offset).copied()
    }

    fn u16(self, offset: usize) -> Option<u16> {
        self.array(offset).map(u16::from_ne_bytes)
    }

    fn u32(self, offset: usize) -> Option<u32> {
        self.array(offset).map(u32::from_ne_bytes)
    }

    fn u64(self, offset: usize) -> Option<u64> {
        self.array(offset).map(u64::from_ne_bytes)
    }

    /// A `u64` field used as an offset or size into this image.
    fn usize(self, offset: usize) -> Option<usize> {
        usize::try_from(self.u64(offset)?).ok()
    }

    /// The NUL-terminated string at `offset`, within `table` (the string
    /// table), without its terminator.
    fn c_str(table: &'a [u8], offset: usize) -> Option<&'a [u8]> {
        let rest = table.get(offset..)?;
        let len = rest.iter().position(|&b| b == 0)?;
        rest.get(..len)
    }
}

/// One program header, the fields we use.
#[derive(Clone, Copy, Debug)]
struct Segment {
    kind: u32,
    flags: u32,
    offset: usize,
    vaddr: u64,
    filesz: usize,
}

/// A validated ELF header: the program headers lie inside the slice.
struct Header<'a> {
    bytes: Bytes<'a>,
    phoff: usize,
    phnum: usize,
}

impl<'a> Header<'a> {
    fn parse(image: &'a [u8], machine: u16) -> Option<Self> {
        let bytes = Bytes(image);
        if bytes.array::<4>(0)? != ELF_MAGIC || bytes.u8(4)? != ELFCLASS64 {
            return None;
        }
        let native = if cfg!(target_endian = "little") {
            ELFDATA2LSB
        } else {
            ELFDATA2MSB
        };
        if bytes.u8(5)? != native || bytes.u8(6)? != EV_CURRENT {
            return None;
        }
        if bytes.u16(16)? != ET_DYN || bytes.u16(18)? != machine {
            return None;
        }
        if usize::from(bytes.u16(52)?) < EHDR_SIZE || usize::from(bytes.u16(54)?) != PHDR_SIZE {
            return None;
        }
        let phoff = bytes.usize(32)?;
        let phnum = usize::from(bytes.u16(56)?);
        // All program headers must be readable.
        let table_end = phoff.checked_add(phnum.checked_mul(PHDR_SIZE)?)?;
        if phnum == 0 || phoff < EHDR_SIZE || table_end > image.len() {
            return None;
        }
        Some(Header {
            bytes,
            phoff,
            phnum,
        })
    }

    fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        (0..self.phnum).filter_map(move |i| {
            let at = self.phoff + i * PHDR_SIZE; // In bounds: checked in `parse`.
            Some(Segment {
                kind: self.bytes.u32(at)?,
                flags: self.bytes.u32(at + 4)?,
                offset: self.bytes.usize(at + 8)?,
                vaddr: self.bytes.u64(at + 16)?,
                filesz: self.bytes.usize(at + 32)?,
            })
        })
    }
}

/// How many bytes from the start of the image the loadable segments cover,
/// read from the ELF header and program headers in `head` (the first page of
/// the mapping). The caller maps no more than that as a slice, after checking
/// that the memory is really there.
pub(crate) fn loaded_extent(head: &[u8], machine: u16) -> Option<usize> {
    let header = Header::parse(head, machine)?;
    let mut extent: Option<usize> = None;
    for segment in header.segments().filter(|s| s.kind == PT_LOAD) {
        let end = segment.offset.checked_add(segment.filesz)?;
        extent = Some(extent.map_or(end, |e| e.max(end)));
    }
    // The program headers themselves must lie inside the loaded image.
    let table_end = header.phoff + header.phnum * PHDR_SIZE;
    extent.filter(|&e| e >= table_end)
}

/// Everything the symbol lookup needs from the dynamic section, as offsets
/// into the image.
struct Dynamic<'a> {
    image: Bytes<'a>,
    strtab: &'a [u8],
    symtab: usize,
    hash: Option<usize>,
    gnu_hash: Option<usize>,
    versym: Option<usize>,
    verdef: Option<(usize, usize)>,
    loads: [Option<Segment>; 4],
}

impl<'a> Dynamic<'a> {
    fn parse(image: &'a [u8], machine: u16) -> Option<Self> {
        let header = Header::parse(image, machine)?;
        let mut loads = [None; 4];
        let mut dynamic = None;
        for segment in header.segments() {
            match segment.kind {
                PT_LOAD => {
                    // A vDSO has one or two loadable segments; more is suspect.
                    let slot = loads.iter_mut().find(|s| s.is_none())?;
                    let end = segment.offset.checked_add(segment.filesz)?;
                    if end > image.len() {
                        return None;
                    }
                    *slot = Some(segment);
                }
                PT_DYNAMIC => dynamic = Some(segment),
                _ => {}
            }
        }
        let dynamic = dynamic?;
        let dyn_end = dynamic.offset.checked_add(dynamic.filesz)?;
        let dyn_bytes = Bytes(image.get(dynamic.offset..dyn_end)?);

        let mut partial = Dynamic {
            image: Bytes(image),
            strtab: &[],
            symtab: 0,
            hash: None,
            gnu_hash: None,
            versym: None,
            verdef: None,
            loads,
        };
        let (mut strtab, mut strsz, mut symtab) = (None, None, None);
        let (mut verdef, mut verdefnum) = (None, None);
        for i in 0..(dynamic.filesz / DYN_SIZE).min(MAX_WALK) {
            let tag = dyn_bytes.u64(i * DYN_SIZE)?;
            let value = dyn_bytes.u64(i * DYN_SIZE + 8)?;
            match tag {
                DT_NULL => break,
                DT_STRTAB => strtab = Some(partial.translate(value)?),
                DT_STRSZ => strsz = Some(usize::try_from(value).ok()?),
                DT_SYMTAB => symtab = Some(partial.translate(value)?),
                DT_SYMENT if value != SYM_SIZE as u64 => return None,
                DT_HASH => partial.hash = Some(partial.translate(value)?),
                DT_GNU_HASH => partial.gnu_hash = Some(partial.translate(value)?),
                DT_VERSYM => partial.versym = Some(partial.translate(value)?),
                DT_VERDEF => verdef = Some(partial.translate(value)?),
                DT_VERDEFNUM => verdefnum = Some(usize::try_from(value).ok()?),
                _ => {}
            }
        }
        let strtab = strtab?;
        let strtab_end = match strsz {
            Some(size) => strtab.checked_add(size)?,
            None => image.len(),
        };
        partial.strtab = image.get(strtab..strtab_end)?;
        partial.symtab = symtab?;
        if partial.hash.is_none() && partial.gnu_hash.is_none() {
            return None;
        }
        // Like the kernel's reference parser: symbol versions count only
        // when both tables are there.
        partial.verdef = verdef.map(|at| (at, verdefnum.unwrap_or(MAX_WALK).min(MAX_WALK)));
        if partial.verdef.is_none() {
            partial.versym = None;
        }
        Some(partial)
    }

    /// The image offset of virtual address `vaddr`, if a loadable segment
    /// covers it.
    fn translate(&self, vaddr: u64) -> Option<usize> {
        self.translate_in(vaddr, |_| true)
    }

    fn translate_in(&self, vaddr: u64, keep: impl Fn(&Segment) -> bool) -> Option<usize> {
        self.loads
            .iter()
            .flatten()
            .filter(|s| keep(s))
            .find_map(|s| {
                let delta = usize::try_from(vaddr.checked_sub(s.vaddr)?).ok()?;
                (delta < s.filesz).then(|| s.offset + delta) // No overflow: offset + filesz was checked.
            })
    }

    /// The symbol-table index of `name`, looked up through the hash table.
    fn lookup(&self, name: &[u8], version: &[u8]) -> Option<usize> {
        if let Some(gnu) = self.gnu_hash {
            return self.lookup_gnu(gnu, name, version);
        }
        self.lookup_sysv(self.hash?, name, version)
    }

    fn lookup_sysv(&self, hash: usize, name: &[u8], version: &[u8]) -> Option<usize> {
        let nbucket = usize::try_from(self.image.u32(hash)?).ok()?;
        let nchain = usize::try_from(self.image.u32(hash.checked_add(4)?)?).ok()?;
        if nbucket == 0 {
            return None;
        }
        let buckets = hash.checked_add(8)?;
        let chains = buckets.checked_add(nbucket.checked_mul(4)?)?;
        let bucket = usize::try_from(elf_hash(name)).ok()? % nbucket;
        let mut index = usize::try_from(self.image.u32(buckets + bucket * 4)?).ok()?;
        // A chain visits each symbol at most once; a longer walk is a cycle.
        for _ in 0..nchain.min(MAX_WALK) {
            if index == 0 || index >= nchain {
                return None;
            }
            if self.matches(index, name, version) {
                return Some(index);
            }
            let next_at = chains.checked_add(index.checked_mul(4)?)?;
            index = usize::try_from(self.image.u32(next_at)?).ok()?;
        }
        None
    }

    fn lookup_gnu(&self, gnu: usize, name: &[u8], version: &[u8]) -> Option<usize> {
        let nbuckets = usize::try_from(self.image.u32(gnu)?).ok()?;
        let symoffset = usize::try_from(self.image.u32(gnu.checked_add(4)?)?).ok()?;
        let bloom_words = usize::try_from(self.image.u32(gnu.checked_add(8)?)?).ok()?;
        if nbuckets == 0 {
            return None;
        }
        // Header (4 words), then the bloom filter (64-bit words on ELF64).
        let buckets = gnu
            .checked_add(16)?
            .checked_add(bloom_words.checked_mul(8)?)?;
        let chains = buckets.checked_add(nbuckets.checked_mul(4)?)?;
        let wanted = gnu_hash(name);
        let bucket = usize::try_from(wanted).ok()? % nbuckets;
        let mut index = usize::try_from(self.image.u32(buckets + bucket * 4)?).ok()?;
        if index == 0 || index < symoffset {
            return None;
        }
        for _ in 0..MAX_WALK {
            let chain_at = chains.checked_add((index - symoffset).checked_mul(4)?)?;
            let value = self.image.u32(chain_at)?;
            if (value | 1) == (wanted | 1) && self.matches(index, name, version) {
                return Some(index);
            }
            if value & 1 == 1 {
                return None; // End of this bucket's chain.
            }
            index = index.checked_add(1)?;
        }
        None
    }

    fn symbol_at(&self, index: usize) -> Option<usize> {
        self.symtab.checked_add(index.checked_mul(SYM_SIZE)?)
    }

    /// Whether symbol `index` is a defined global or weak function named
    /// `name`, of version `version`.
    fn matches(&self, index: usize, name: &[u8], version: &[u8]) -> bool {
        self.matches_inner(index, name, version).unwrap_or(false)
    }

    fn matches_inner(&self, index: usize, name: &[u8], version: &[u8]) -> Option<bool> {
        let sym = self.symbol_at(index)?;
        let st_name = usize::try_from(self.image.u32(sym)?).ok()?;
        let st_info = self.image.u8(sym.checked_add(4)?)?;
        let st_shndx = self.image.u16(sym.checked_add(6)?)?;
        let (kind, binding) = (st_info & 0xf, st_info >> 4);
        if kind != STT_FUNC || !(binding == STB_GLOBAL || binding == STB_WEAK) {
            return Some(false);
        }
        if st_shndx == SHN_UNDEF || Bytes::c_str(self.strtab, st_name)? != name {
            return Some(false);
        }
        match self.versym {
            Some(versym) => self.version_matches(versym, index, version),
            None => Some(true),
        }
    }

    fn version_matches(&self, versym: usize, index: usize, version: &[u8]) -> Option<bool> {
        let wanted = self.image.u16(versym.checked_add(index.checked_mul(2)?)?)? & !VERSYM_HIDDEN;
        let (mut def, count) = self.verdef?;
        for _ in 0..count {
            let flags = self.image.u16(def.checked_add(2)?)?;
            let ndx = self.image.u16(def.checked_add(4)?)? & !VERSYM_HIDDEN;
            if flags & VER_FLG_BASE == 0 && ndx == wanted {
                let hash = self.image.u32(def.checked_add(8)?)?;
                let aux = def.checked_add(usize::try_from(self.image.u32(def + 12)?).ok()?)?;
                self.image.array::<VERDAUX_SIZE>(aux)?; // The aux entry must be whole.
                let name_at = usize::try_from(self.image.u32(aux)?).ok()?;
                let name = Bytes::c_str(self.strtab, name_at)?;
                return Some(hash == elf_hash(version) && name == version);
            }
            self.image.array::<VERDEF_SIZE>(def)?;
            let next = usize::try_from(self.image.u32(def + 16)?).ok()?;
            if next == 0 {
                return Some(false);
            }
            def = def.checked_add(next)?;
        }
        Some(false)
    }
}

/// Finds the function `name` with symbol version `version` in the vDSO image
/// `image` (the whole loaded image, from its ELF header on) built for
/// `machine`, and returns its offset from the start of the image.
///
/// The offset always lies inside an executable loadable segment of the
/// image. Any inconsistency in the image gives `None`.
pub(crate) fn find_function(
    image: &[u8],
    machine: u16,
    name: &str,
    version: &str,
) -> Option<usize> {
    let dynamic = Dynamic::parse(image, machine)?;
    let index = dynamic.lookup(name.as_bytes(), version.as_bytes())?;
    let st_value = dynamic
        .image
        .u64(dynamic.symbol_at(index)?.checked_add(8)?)?;
    dynamic.translate_in(st_value, |s| s.flags & PF_X != 0)
}

/// The System V ELF hash of a symbol or version name.
fn elf_hash(name: &[u8]) -> u32 {
    name.iter().fold(0u32, |h, &c| {
        let h = (h << 4).wrapping_add(u32::from(c));
        let high = h & 0xf000_0000;
        (h ^ (high >> 24)) & !high
    })
}

/// The GNU hash (DJB's hash, h * 33 + c) of a symbol name.
fn gnu_hash(name: &[u8]) -> u32 {
    name.iter().fold(5381u32, |h, &c| {
        h.wrapping_mul(33).wrapping_add(u32::from(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_the_elf_and_gnu_definitions() {
        // Values given in the ELF gABI and the GNU hash write-ups.
        assert_eq!(elf_hash(b""), 0);
        assert_eq!(elf_hash(b"printf"), 0x077905a6);
        assert_eq!(elf_hash(b"exit"), 0x0006cf04);
        assert_eq!(gnu_hash(b""), 0x0000_1505);
        assert_eq!(gnu_hash(b"printf"), 0x156b_2bb8);
        assert_eq!(gnu_hash(b"exit"), 0x7c96_7e3f);
    }

    /// The vDSO this process runs with, copied, and a function every vDSO
    /// of this architecture exports (the getrandom one where it exists).
    fn real_vdso() -> (Vec<u8>, &'static str, &'static str) {
        let page_size = crate::vdso::page_size().expect("page size");
        let image = crate::vdso::image(page_size).expect("this test needs a vDSO");
        let (getrandom, clock) = if cfg!(target_arch = "x86_64") {
            (
                ("__vdso_getrandom", "LINUX_2.6"),
                ("__vdso_clock_gettime", "LINUX_2.6"),
            )
        } else {
            (
                ("__kernel_getrandom", "LINUX_2.6.39"),
                ("__kernel_clock_gettime", "LINUX_2.6.39"),
            )
        };
        let (name, version) = if find_function(image, MACHINE, getrandom.0, getrandom.1).is_some() {
            getrandom
        } else {
            clock
        };
        (image.to_vec(), name, version)
    }

    #[cfg(target_arch = "x86_64")]
    const MACHINE: u16 = EM_X86_64;
    #[cfg(target_arch = "aarch64")]
    const MACHINE: u16 = EM_AARCH64;

    fn find(image: &[u8], name: &str, version: &str) -> Option<usize> {
        let found = find_function(image, MACHINE, name, version);
        if let Some(offset) = found {
            assert!(
                offset < image.len(),
                "offset {offset} outside a {}-byte image",
                image.len()
            );
        }
        found
    }

    fn position(image: &[u8], needle: &[u8]) -> Option<usize> {
        image.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn resolves_the_real_vdso() {
        let (image, name, version) = real_vdso();
        let page_size = crate::vdso::page_size().unwrap();
        assert_eq!(
            loaded_extent(&image[..page_size.min(image.len())], MACHINE),
            Some(image.len())
        );
        let offset = find(&image, name, version).expect("symbol found");
        assert!(offset >= EHDR_SIZE);
        // The same name under another version, another name, another
        // machine: not found.
        assert_eq!(find(&image, name, "LINUX_2.5"), None);
        assert_eq!(find(&image, name, ""), None);
        assert_eq!(find(&image, "__vdso_no_such_function", version), None);
        assert_eq!(find(&image, "", version), None);
        assert_eq!(find_function(&image, MACHINE ^ 1, name, version), None);
        // Where the kernel offers getrandom, the vDSO path uses it.
        if name.ends_with("getrandom") {
            assert!(crate::vdso::vdso().is_ok());
        }
    }

    #[test]
    fn every_truncation_is_rejected() {
        let (image, name, version) = real_vdso();
        for len in 0..image.len() {
            assert_eq!(
                find(&image[..len], name, version),
                None,
                "truncated to {len}"
            );
            // The header-only reader may succeed on a prefix; it must not panic.
            let _ = loaded_extent(&image[..len], MACHINE);
        }
    }

    #[test]
    fn corrupted_headers_are_rejected() {
        let (image, name, version) = real_vdso();
        let patch = |at: usize, bytes: &[u8]| {
            let mut copy = image.clone();
            copy[at..at + bytes.len()].copy_from_slice(bytes);
            copy
        };
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("bad magic", patch(0, b"\x7fELG")),
            ("32-bit class", patch(4, &[1])),
            (
                "foreign byte order",
                patch(5, &[if cfg!(target_endian = "little") { 2 } else { 1 }]),
            ),
            ("bad ident version", patch(6, &[0])),
            (
                "executable, not shared object",
                patch(16, &2u16.to_ne_bytes()),
            ),
            (
                "program headers past the end",
                patch(32, &(image.len() as u64).to_ne_bytes()),
            ),
            (
                "program header offset overflows",
                patch(32, &u64::MAX.to_ne_bytes()),
            ),
            (
                "program headers inside the ELF header",
                patch(32, &8u64.to_ne_bytes()),
            ),
            ("odd program header size", patch(54, &57u16.to_ne_bytes())),
            ("no program headers", patch(56, &0u16.to_ne_bytes())),
            (
                "too many program headers",
                patch(56, &u16::MAX.to_ne_bytes()),
            ),
        ];
        for (what, copy) in cases {
            assert_eq!(find(&copy, name, version), None, "{what}");
        }
    }

    #[test]
    fn corrupted_segments_and_tables_are_rejected() {
        let (image, name, version) = real_vdso();
        let header = Header::parse(&image, MACHINE).unwrap();
        let phoff = header.phoff;
        let phnum = header.phnum;
        let dynamic = header
            .segments()
            .find(|s| s.kind == PT_DYNAMIC)
            .expect("PT_DYNAMIC");
        for i in 0..phnum {
            let at = phoff + i * PHDR_SIZE;
            for (field, value) in [
                (8usize, image.len() as u64),
                (8, u64::MAX),
                (32, u64::MAX),
                (32, image.len() as u64 + 1),
            ] {
                let mut copy = image.clone();
                copy[at + field..at + field + 8].copy_from_slice(&value.to_ne_bytes());
                let kind = u32::from_ne_bytes(copy[at..at + 4].try_into().unwrap());
                let found = find(&copy, name, version);
                if kind == PT_LOAD || kind == PT_DYNAMIC {
                    assert_eq!(found, None, "segment {i} field {field} = {value:#x}");
                }
            }
        }
        // Each table the lookup needs, pointed outside the image.
        let needed = [DT_STRTAB, DT_SYMTAB];
        for i in 0..dynamic.filesz / DYN_SIZE {
            let at = dynamic.offset + i * DYN_SIZE;
            let tag = u64::from_ne_bytes(image[at..at + 8].try_into().unwrap());
            if tag == DT_NULL {
                break;
            }
            for value in [u64::MAX, image.len() as u64 * 4, 0x7fff_ffff_ffff] {
                let mut copy = image.clone();
                copy[at + 8..at + 16].copy_from_slice(&value.to_ne_bytes());
                let found = find(&copy, name, version);
                if needed.contains(&tag) || tag == DT_VERSYM || tag == DT_VERDEF {
                    assert_eq!(found, None, "tag {tag:#x} = {value:#x}");
                }
            }
        }
    }

    /// The image offset of the dynamic entry with tag `tag`.
    fn dynamic_entry(image: &[u8], tag: u64) -> Option<usize> {
        let header = Header::parse(image, MACHINE)?;
        let dynamic = header.segments().find(|s| s.kind == PT_DYNAMIC)?;
        (0..dynamic.filesz / DYN_SIZE)
            .map(|i| dynamic.offset + i * DYN_SIZE)
            .find(|&at| image[at..at + 8] == tag.to_ne_bytes())
    }

    #[test]
    fn both_hash_tables_resolve_alike() {
        let (image, name, version) = real_vdso();
        let expected = find(&image, name, version).unwrap();
        // An unknown tag in the OS-specific range: ignored by the parser.
        let ignored = 0x6fff_fef0u64.to_ne_bytes();
        let without = |tag: u64| {
            let mut copy = image.clone();
            let at = dynamic_entry(&copy, tag)?;
            copy[at..at + 8].copy_from_slice(&ignored);
            Some(copy)
        };
        let mut lookups = 0;
        if let Some(sysv_only) = without(DT_GNU_HASH) {
            assert_eq!(find(&sysv_only, name, version), Some(expected));
            assert_eq!(find(&sysv_only, name, "LINUX_2.5"), None);
            lookups += 1;
        }
        if let Some(gnu_only) = without(DT_HASH) {
            assert_eq!(find(&gnu_only, name, version), Some(expected));
            assert_eq!(find(&gnu_only, "__vdso_no_such_function", version), None);
            lookups += 1;
        }
        assert!(lookups >= 1, "the vDSO has a hash table");
        // No hash table at all: nothing can be looked up.
        let mut neither = image.clone();
        for tag in [DT_HASH, DT_GNU_HASH] {
            if let Some(at) = dynamic_entry(&neither, tag) {
                neither[at..at + 8].copy_from_slice(&ignored);
            }
        }
        assert_eq!(find(&neither, name, version), None);
        // Zero buckets (a division by zero waiting to happen): not found.
        for tag in [DT_HASH, DT_GNU_HASH] {
            let Some(at) = dynamic_entry(&image, tag) else {
                continue;
            };
            let table = usize::try_from(u64::from_ne_bytes(
                image[at + 8..at + 16].try_into().unwrap(),
            ))
            .unwrap();
            let mut copy = image.clone();
            copy[table..table + 4].copy_from_slice(&0u32.to_ne_bytes());
            let mut other = copy.clone();
            if let Some(at) =
                dynamic_entry(&other, if tag == DT_HASH { DT_GNU_HASH } else { DT_HASH })
            {
                other[at..at + 8].copy_from_slice(&ignored);
            }
            assert_eq!(
                find(&other, name, version),
                None,
                "tag {tag:#x} with no buckets"
            );
        }
    }

    #[test]
    fn renamed_symbols_and_versions_are_not_found() {
        let (image, name, version) = real_vdso();
        let mut renamed = image.clone();
        let at = position(&image, &[name.as_bytes(), b"\0"].concat()).expect("name in strtab");
        renamed[at + name.len() - 1] ^= 1;
        assert_eq!(find(&renamed, name, version), None);

        let mut reversioned = image.clone();
        let at =
            position(&image, &[version.as_bytes(), b"\0"].concat()).expect("version in strtab");
        reversioned[at + version.len() - 1] ^= 1;
        assert_eq!(find(&reversioned, name, version), None);
    }

    #[test]
    fn random_corruption_never_panics() {
        let (image, name, version) = real_vdso();
        // Deterministic xorshift64*, so a failure reproduces.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let len = image.len();
        let mut found = 0;
        for round in 0..4000 {
            let mut copy = image.clone();
            for _ in 0..=(next() % 6) {
                // Mostly hit the headers and tables at the start of the image.
                let limit = if round % 4 == 0 {
                    len
                } else {
                    (len / 4).max(1)
                };
                let at = usize::try_from(next()).unwrap() % limit;
                match next() % 4 {
                    0 => copy[at] ^= 1 << (next() % 8),
                    1 => copy[at] = 0xff,
                    2 => copy[at] = 0,
                    _ => {
                        let end = (at + 8).min(len);
                        let value = [0u64, u64::MAX, len as u64, next()]
                            [usize::try_from(next() % 4).unwrap()];
                        copy[at..end].copy_from_slice(&value.to_ne_bytes()[..end - at]);
                    }
                }
            }
            let truncate = if round % 3 == 0 {
                usize::try_from(next()).unwrap() % (len + 1)
            } else {
                len
            };
            let _ = loaded_extent(&copy[..truncate], MACHINE);
            found += usize::from(find(&copy[..truncate], name, version).is_some());
        }
        // Most corruptions miss what the lookup reads; some must be caught.
        assert!(found > 0 && found < 4000, "found in {found} of 4000");
    }

    #[test]
    fn rejects_tiny_and_garbage_inputs() {
        for len in 0..200 {
            let zeros = vec![0u8; len];
            assert_eq!(loaded_extent(&zeros, EM_X86_64), None);
            assert_eq!(find_function(&zeros, EM_X86_64, "f", "V"), None);
            let ones = vec![0xffu8; len];
            assert_eq!(find_function(&ones, EM_X86_64, "f", "V"), None);
        }
    }
}
