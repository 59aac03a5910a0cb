using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// Where every run-time tensor lives: one arena split into slots; tensors whose lifetimes do not
    /// overlap share a slot. A slot's size is the largest byte size among its tenants (a build-time
    /// number when shapes are static, a run-time max over symbolic sizes otherwise). The emitter only reads this.
    /// </summary>
    internal sealed class MemoryPlan
    {
        /// <summary>Byte alignment of every slot: a cache line, so vector loads never split lines at slot starts.</summary>
        public const int Alignment = 64;

        public List<Slot> Slots { get; } = new List<Slot>();

        /// <summary>Computed values held in the arena → their slot.</summary>
        public Dictionary<Value, int> SlotOf { get; } = new Dictionary<Value, int>();

        /// <summary>Scratch buffers of nodes → their slot.</summary>
        public Dictionary<Node, int> ScratchSlotOf { get; } = new Dictionary<Node, int>();

        /// <summary>Outputs of view ops (Reshape, Unsqueeze...) → the value whose buffer they reuse.</summary>
        public Dictionary<Value, Value> AliasOf { get; } = new Dictionary<Value, Value>();

        /// <summary>Bytes the tensors would take with one buffer each (static shapes only).</summary>
        public long? NaiveBytes { get; set; }

        /// <summary>Bytes the arena takes (static shapes only).</summary>
        public long? ArenaBytes => Slots.All(s => s.StaticBytes.HasValue) ? Slots.Sum(s => s.StaticBytes!.Value) : (long?)null;

        public Value Resolve(Value v) => AliasOf.TryGetValue(v, out var root) ? root : v;
    }

    /// <summary>One region of the arena.</summary>
    internal sealed class Slot
    {
        /// <summary>Byte sizes (already rounded up to the alignment) of the tenants.</summary>
        public List<Dim> Sizes { get; } = new List<Dim>();

        /// <summary>The slot's size when every tenant's size is static.</summary>
        public long? StaticBytes => Sizes.All(s => s.IsStatic) ? Sizes.Max(s => s.Value) : (long?)null;

        /// <summary>Index of the last node that uses the slot's current tenant.</summary>
        public int FreeAfter { get; set; }
    }
}
