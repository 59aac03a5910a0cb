using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// In-place elementwise: an elementwise call (kernel id "elementwise.*": map1/map2/map3, fused loops) may write its
    /// output over an input whose buffer dies at that call. The runtime loops read element i of every input before they
    /// write element i of the output, with the same index for an operand laid out like the output, so exact aliasing is
    /// safe; an operand that broadcasts (reads one element for many outputs) is not, nor is a view (a fused loop's
    /// strided read or store, see FusedElementwisePlan).
    /// </summary>
    internal static class InPlace
    {
        public const string KernelPrefix = "elementwise.";

        /// <summary>
        /// The input (a buffer root) whose buffer the output <paramref name="v"/>, first written by the event's call, may
        /// take; null when none may. Legal when the input: lives in the arena (not a graph input, weight, derived,
        /// growable or string buffer), dies at this call (its last read, views of it included, is this call), has the
        /// output's type and byte size, and every operand reading it has the output's element count (with numpy
        /// broadcasting an operand with as many elements as the output has its shape up to size-1 axes, so it is read
        /// at the output's own index, never broadcast).
        /// </summary>
        public static Value? Input(Liveness.Event ev, Value v, Dim size, MemoryPlan plan, Dictionary<Value, int> bufferOf, List<MemoryPlanner.Buffer> buffers)
        {
            var call = ev.Writer;
            if (call == null || !call.Kernel.StartsWith(KernelPrefix, System.StringComparison.Ordinal)) return null;
            // A fused loop that reads or stores through views (absorbed Slices and Concats) visits elements in another
            // order than the output's own: aliasing could read an element already overwritten.
            if (call.Operands.Any(o => o.Name.EndsWith("Offset", System.StringComparison.Ordinal))) return null;
            var buffersIn = call.Operands.OfType<BufferOperand>().ToList();
            var outs = buffersIn.Where(b => b.Role == BufferRole.Out).ToList();
            if (outs.Count != 1 || outs[0].Value != v) return null;
            var ins = buffersIn.Where(b => b.Role == BufferRole.In).ToList();
            // An output the call also reads (an accumulating loop) already has its own buffer.
            if (ins.Any(b => plan.Resolve(b.Value) == v)) return null;
            var count = v.Shape!.ElementCount;
            foreach (var b in ins)
            {
                var root = plan.Resolve(b.Value);
                if (!bufferOf.TryGetValue(root, out int buffer)) continue;
                var shared = buffers[buffer];
                if (root.Type != v.Type || !shared.Bytes.Equals(size) || shared.End != ev.Position) continue;
                if (ins.Any(o => plan.Resolve(o.Value) == root && !o.Value.Shape!.ElementCount.Equals(count))) continue;
                return root;
            }
            return null;
        }
    }
}
