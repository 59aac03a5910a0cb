using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// Where every run-time tensor lives: one arena of regions (slots). When every size is a build-time number, each
    /// buffer (a tensor, a call's scratch) is its own region at a fixed offset, packed over lifetimes so that buffers
    /// live at the same time never share bytes; with symbolic sizes, tensors whose lifetimes do not overlap share a
    /// slot (its size the per-call max of its tenants) and slots lie one after another. Views alias their input's
    /// buffer; an elementwise output may take the buffer of an input that dies at that call (in place); tensors whose
    /// size only run time knows, without a bound, each get a buffer that grows when a call needs more. Derived
    /// weights live in one buffer computed once per process. The emitter only reads this.
    /// </summary>
    internal sealed class MemoryPlan
    {
        /// <summary>Byte alignment of every slot: a cache line, so vector loads never split lines at slot starts.</summary>
        public const int Alignment = 64;

        public List<Slot> Slots { get; } = new List<Slot>();

        /// <summary>Computed values held in the arena → their slot.</summary>
        public Dictionary<Value, int> SlotOf { get; } = new Dictionary<Value, int>();

        /// <summary>Scratch buffers of calls (by identity, then scratch index) → their slot.</summary>
        public Dictionary<KernelCall, int[]> ScratchSlotsOf { get; } = new Dictionary<KernelCall, int[]>(ReferenceComparer<KernelCall>.Instance);

        /// <summary>Elementwise outputs written over an input that dies at that call → that input (both are tenants of one slot).</summary>
        public Dictionary<Value, Value> InPlaceOf { get; } = new Dictionary<Value, Value>();

        /// <summary>Outputs of view ops (Reshape, Unsqueeze...) → the value whose buffer they reuse.</summary>
        public Dictionary<Value, Value> AliasOf { get; } = new Dictionary<Value, Value>();

        /// <summary>Values with an unbounded run-time size → the index of their growable buffer.</summary>
        public Dictionary<Value, int> GrowableOf { get; } = new Dictionary<Value, int>();

        /// <summary>String tensors → their own string buffer (strings are managed references: they never live in the byte arena).</summary>
        public Dictionary<Value, int> StringOf { get; } = new Dictionary<Value, int>();

        /// <summary>Derived weights (load-time results) → their byte offset in the derived buffer.</summary>
        public Dictionary<Value, long> DerivedOffset { get; } = new Dictionary<Value, long>();

        /// <summary>Bytes of the derived-weights buffer every instance shares.</summary>
        public long DerivedBytes { get; set; }

        /// <summary>Bytes the tensors would take with one buffer each (static shapes only).</summary>
        public long? NaiveBytes { get; set; }

        /// <summary>Bytes the arena takes (static shapes only: every slot has a build-time offset).</summary>
        public long? ArenaBytes => Slots.All(s => s.Offset.HasValue) ? Slots.Select(s => s.Offset!.Value + s.StaticBytes!.Value).DefaultIfEmpty(0).Max() : (long?)null;

        /// <summary>
        /// The largest, over the run's steps, of the bytes live at once (arena tensors and scratch; a view counts once
        /// with its base, an in-place output once with the input it overwrites): no placement of these buffers needs
        /// less. Static shapes only.
        /// </summary>
        public long? LiveLowerBoundBytes { get; set; }

        public Value Resolve(Value v) => AliasOf.TryGetValue(v, out var root) ? root : v;

        /// <summary>True when a copy call from <paramref name="source"/> to <paramref name="destination"/> is a no-op (the destination aliases the source).</summary>
        public bool IsElidedCopy(Value source, Value destination) => AliasOf.TryGetValue(destination, out var root) && root == Resolve(source);
    }

    /// <summary>One region of the arena.</summary>
    internal sealed class Slot
    {
        /// <summary>Byte offset in the arena, fixed at build time when sizes are static (null: Bind() lays the slots out per call).</summary>
        public long? Offset { get; set; }

        /// <summary>Byte sizes (static ones already rounded up to the alignment) of the tenants.</summary>
        public List<Dim> Sizes { get; } = new List<Dim>();

        /// <summary>The slot's size when every tenant's size is static.</summary>
        public long? StaticBytes => Sizes.All(s => s.IsStatic) ? Sizes.Max(s => s.Value) : (long?)null;

        /// <summary>Position of the last step that uses the slot's current tenant.</summary>
        public int FreeAfter { get; set; }
    }
}
