/**
 * The part of the WebAssembly JavaScript API the histogram kernel uses. Node provides the global,
 * but @types/node does not declare it and lib.dom would declare the whole browser besides.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
