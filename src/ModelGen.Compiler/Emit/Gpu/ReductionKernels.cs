using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using static ModelGen.Compiler.Emit.Gpu.GpuOperands;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Float reductions the library's row kernel does not take (axes that are not trailing; ReduceProd, L1, L2,
    /// SumSquare, LogSum) as generated kernels: one thread per output element, which takes its index apart over the
    /// kept dims and loops over the reduced ones, every dim and stride a literal. Sums and products accumulate in
    /// double (the CPU's order of additions differs anyway); Max and Min compare floats and let a NaN win, as the CPU
    /// kernels do. A thread per output is the simple form, not the fast one: a reduction to few outputs over many
    /// elements leaves most of the device idle (the trailing-axis case, the common one, goes to the row kernel).
    /// LogSumExp, integer and empty reductions return false and run on the CPU.
    /// </summary>
    internal sealed class ReductionKernels
    {
        private readonly DeviceValues _values;
        private readonly GeneratedKernelSet _set;

        public ReductionKernels(DeviceValues values, GeneratedKernelSet set)
        {
            _values = values;
            _set = set;
        }

        /// <summary>Adds the launch for a reduction call, or returns false when it has no GPU form here.</summary>
        public bool TryRender(KernelCall call, List<string> lines)
        {
            if (!call.Kernel.StartsWith("reduce.", System.StringComparison.Ordinal) || call.Operands.All(o => o.Name != "reduced")) return false;
            string kind = call.Kernel.Substring("reduce.".Length);
            var x = Buffer(call, "x");
            if (x.Type != ElementType.Float || !Forms.ContainsKey(kind)) return false;
            var dims = Static(call, "dims");
            var reduced = Static(call, "reduced");
            var strides = RowMajor(dims);
            var kept = Enumerable.Range(0, dims.Length).Where(d => reduced[d] == 0).ToList();
            var folded = Enumerable.Range(0, dims.Length).Where(d => reduced[d] != 0).ToList();
            long count = kept.Aggregate(1L, (a, d) => a * dims[d]), length = folded.Aggregate(1L, (a, d) => a * dims[d]);
            if (length == 0 || count == 0) return false;
            var form = Forms[kind];

            var body = new List<string> { "long rest = i;" };
            for (int j = kept.Count - 1; j >= 0; j--)
                if (dims[kept[j]] != 1) body.Add("long k" + I(kept[j]) + " = rest % " + L(dims[kept[j]]) + "; rest /= " + L(dims[kept[j]]) + ";");
            var originTerms = kept.Where(d => dims[d] != 1).Select(d => "k" + I(d) + " * " + L(strides[d])).ToList();
            body.Add("long origin = " + (originTerms.Count == 0 ? "0L" : string.Join(" + ", originTerms)) + ";");
            body.Add(form.Declare);
            var loop = new List<string> { "long q = r;" };
            for (int j = folded.Count - 1; j >= 0; j--)
                if (dims[folded[j]] != 1) loop.Add("long f" + I(folded[j]) + " = q % " + L(dims[folded[j]]) + "; q /= " + L(dims[folded[j]]) + ";");
            var terms = folded.Where(d => dims[d] != 1).Select(d => " + f" + I(d) + " * " + L(strides[d]));
            loop.Add("float v = x[origin" + string.Concat(terms) + "];");
            loop.Add(form.Step);
            body.Add("for (long r = 0; r < " + L(length) + "; r++)");
            body.Add("{");
            body.AddRange(loop.Select(l => "    " + l));
            body.Add("}");
            body.Add("y[i] = " + form.Finish.Replace("{n}", Literals.Double(length)) + ";");

            string field = _set.Add("ReductionKernel", "A generated reduction kernel: " + kind + " (one thread per output, grid-stride, dims as constants).",
                new List<(string, string)> { ("float", "x"), ("float", "y") }, GeneratedKernelSet.GridStride(count, body));
            lines.Add(field + "(_stream, _kernels.GridStride(" + Literals.Int(count) + "), " + _values.View(x) + ", " + _values.View(Buffer(call, "y")) + ");");
            return true;
        }

        /// <summary>Per reduction: the accumulator, one step with the element v, and the result ({n}: the element count).</summary>
        private static readonly Dictionary<string, (string Declare, string Step, string Finish)> Forms = new Dictionary<string, (string, string, string)>(System.StringComparer.Ordinal)
        {
            ["sum"] = ("double acc = 0.0;", "acc += v;", "(float)acc"),
            ["mean"] = ("double acc = 0.0;", "acc += v;", "(float)(acc / {n})"),
            ["prod"] = ("double acc = 1.0;", "acc *= v;", "(float)acc"),
            ["l1"] = ("double acc = 0.0;", "acc += v < 0f ? -v : v;", "(float)acc"),
            ["l2"] = ("double acc = 0.0;", "acc += (double)v * v;", "(float)global::ILGPU.Algorithms.XMath.Sqrt(acc)"),
            ["sumsquare"] = ("double acc = 0.0;", "acc += (double)v * v;", "(float)acc"),
            ["logsum"] = ("double acc = 0.0;", "acc += v;", "(float)global::ILGPU.Algorithms.XMath.Log(acc)"),
            // A NaN wins: once acc is NaN no comparison replaces it.
            ["max"] = ("float acc = float.NegativeInfinity;", "if (v != v || v > acc) acc = v;", "acc"),
            ["min"] = ("float acc = float.PositiveInfinity;", "if (v != v || v < acc) acc = v;", "acc"),
        };

        private static string L(long v) => Literals.Int(v) + "L";

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
