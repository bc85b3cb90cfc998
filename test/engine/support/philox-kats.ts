/**
 * Philox4x32 known-answer vectors from Random123 (DEShawResearch/random123, tests/kat_vectors, commit 9545ff6; quoted
 * in research/ecosystem.md §4): counter c0..c3, key k0 k1, expected output.
 */
export interface PhiloxKat {
  readonly rounds: number;
  readonly counter: [number, number, number, number];
  readonly key: [number, number];
  readonly expected: number[];
}

export const PHILOX_KATS: readonly PhiloxKat[] = [
  { rounds: 10, counter: [0, 0, 0, 0], key: [0, 0], expected: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    rounds: 10,
    counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    expected: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    rounds: 10,
    counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    expected: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
  { rounds: 7, counter: [0, 0, 0, 0], key: [0, 0], expected: [0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48] },
  {
    rounds: 7,
    counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    expected: [0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a],
  },
];
