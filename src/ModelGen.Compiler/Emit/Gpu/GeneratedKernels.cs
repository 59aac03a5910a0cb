using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Elementwise calls (elementwise.map1/2/3) and fused elementwise groups (elementwise.fused: the ElementwiseFusion
    /// pass's, one expression per output over shared operands) as ILGPU kernels generated into the session class: one static,
    /// explicitly grouped, grid-stride method per distinct body, whose element count, broadcast index arithmetic (the
    /// output index taken apart by the output dims, each operand's index put together from its strides) and scalar
    /// expression (<see cref="GpuScalarCode"/>) are constants of the build, but for the sizes that depend on symbolic
    /// input dims, which the kernel takes at run time (<see cref="KernelSizes"/>). The kernels go into the session's
    /// <see cref="GeneratedKernelSet"/>, which loads each once and launches it on the session's stream.
    /// </summary>
    internal sealed class GeneratedKernels
    {
        private readonly DeviceValues _values;
        private readonly GeneratedKernelSet _set;

        public GeneratedKernels(DeviceValues values, GeneratedKernelSet set)
        {
            _values = values;
            _set = set;
        }

        /// <summary>
        /// ILGPU loads kernels of at most 14 parameters (System.Action's 16 type arguments less the stream and the
        /// launch configuration); one is kept for the RunDims.
        /// </summary>
        private const int MaxViews = 13;

        /// <summary>Adds the launch for an elementwise or fused elementwise call, or returns false when its expressions or types have no GPU form.</summary>
        public bool TryRender(KernelCall call, List<string> lines)
        {
            bool fused = call.Kernel == FusedKernel;
            if (!fused && !call.Kernel.StartsWith("elementwise.map", System.StringComparison.Ordinal)) return false;
            // A fused loop through views (a read offset, outputs written with strides) is ViewFusion's, which the GPU compile does not run.
            if (fused && call.Operands.Any(o => o.Name.EndsWith("Offset", System.StringComparison.Ordinal) || o.Name.EndsWith("Output", System.StringComparison.Ordinal))) return false;
            // fp16 and bf16 expressions compute in fp32, as the CPU's loops do: each operand widened as it is read, each
            // result rounded to nearest-even as it is stored (NarrowFloats, the library's cast kernels' rounding).
            var exprs = call.Operands.OfType<ExprOperand>().Select(e => GpuScalarCode.Widened(e.Expr)).ToList();
            var ins = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.In).ToList();
            var outs = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.Out).Select(b => b.Value).ToList();
            if (exprs.Count != outs.Count || exprs.Any(e => !GpuScalarCode.CanRender(e)) || ins.Count + outs.Count > MaxViews ||
                ins.Any(b => !Computable(b.Value.Type)) || outs.Any(y => !Computable(y.Type))) return false;
            var sizes = new KernelSizes(_values.Dims);
            var y0 = outs[0];
            string count = sizes.Of(y0.Shape!.ElementCount);
            var body = new List<string>();
            string[] index = new string[ins.Count];
            if (ins.Count == 1 && !fused || call.Operands.All(o => o.Name != "shape"))
            {
                for (int i = 0; i < ins.Count; i++) index[i] = "i";
            }
            else
            {
                var shape = call.Operand<DimsOperand>("shape").Values;
                string[] names = { "a", "b", "c" };
                var strides = ins.Select((b, i) => call.Operand<DimsOperand>((fused ? "x" + I(i) : names[i]) + "Strides").Values).ToArray();
                var contiguous = Contiguous(shape);
                for (int i = 0; i < ins.Count; i++)
                    index[i] = strides[i].SequenceEqual(contiguous) ? "i" : strides[i].All(s => s.IsStatic && s.Value == 0) ? "0L" : "o" + I(i);
                var mapped = Enumerable.Range(0, ins.Count).Where(i => index[i].StartsWith("o", System.StringComparison.Ordinal)).ToList();
                if (mapped.Count > 0)
                {
                    // Take the output index apart, and put each operand's index together from its strides (0 on broadcast dims).
                    var dims = shape.Select(sizes.Of).ToList();
                    body.AddRange(GeneratedKernelSet.Coordinates(dims));
                    foreach (int i in mapped)
                    {
                        var terms = Enumerable.Range(0, shape.Count).Where(d => dims[d] != "1L" && !(strides[i][d].IsStatic && strides[i][d].Value == 0))
                            .Select(d => GeneratedKernelSet.Coordinate(dims, d) + " * " + sizes.Of(strides[i][d])).ToList();
                        body.Add("long " + index[i] + " = " + (terms.Count == 0 ? "0L" : string.Join(" + ", terms)) + ";");
                    }
                }
            }
            if (!sizes.Fits) return false;
            // Each operand is read once per element, into a local, when a fused group has several expressions (they share operands).
            System.Func<int, string> arg = a => Load(ins[a].Value.Type, "x" + I(a) + "[" + index[a] + "]");
            if (outs.Count > 1)
            {
                var read = arg;
                for (int a = 0; a < ins.Count; a++) body.Add("float v" + I(a) + " = " + read(a) + ";");
                arg = a => "v" + I(a);
            }
            for (int k = 0; k < outs.Count; k++) body.Add(OutputName(k, outs.Count) + "[i] = " + Store(outs[k].Type, GpuScalarCode.Render(exprs[k], arg)) + ";");
            var views = Enumerable.Range(0, ins.Count).Select(i => (DeviceValues.DeviceType(ins[i].Value), "x" + I(i)))
                .Concat(Enumerable.Range(0, outs.Count).Select(k => (DeviceValues.DeviceType(outs[k]), OutputName(k, outs.Count)))).ToList();
            string summary = fused ? "A generated kernel for a fused elementwise group (grid-stride, explicitly grouped)." : "A generated elementwise kernel (grid-stride, explicitly grouped).";
            string field = _set.Add("ElementwiseKernel", summary, views, GeneratedKernelSet.GridStride(count, body), sizes.Any);
            lines.Add(field + "(_stream, _kernels.GridStride(" + _values.Dims.LaunchCount(y0.Shape.ElementCount) + "), " +
                      string.Join(", ", ins.Select(b => _values.View(b.Value)).Concat(outs.Select(_values.View))) + (sizes.Any ? ", " + sizes.Argument : "") + ");");
            return true;
        }

        private const string FusedKernel = "elementwise.fused";

        private const string Narrow = "global::ModelGen.Gpu.Kernels.Elementwise.NarrowFloats.";

        private static bool Computable(ElementType t) => t == ElementType.Float || t == ElementType.Float16 || t == ElementType.BFloat16;

        /// <summary>An element read as fp32.</summary>
        private static string Load(ElementType t, string element) =>
            t == ElementType.Float16 ? "(float)" + element : t == ElementType.BFloat16 ? Narrow + "FromBFloat16(" + element + ")" : element;

        /// <summary>An fp32 result as the stored element type.</summary>
        private static string Store(ElementType t, string value) =>
            t == ElementType.Float16 ? Narrow + "ToHalf(" + value + ")" : t == ElementType.BFloat16 ? Narrow + "ToBFloat16(" + value + ")" : value;

        /// <summary>"y" for a single output (as the kernels were named before fused groups), "y0", "y1"... for several.</summary>
        private static string OutputName(int k, int outputs) => outputs == 1 ? "y" : "y" + I(k);

        /// <summary>Row-major strides of a shape, 0 on its size-1 dims (how the lowering writes a contiguous operand's strides).</summary>
        private static Dim[] Contiguous(IReadOnlyList<Dim> shape)
        {
            var s = new Dim[shape.Count];
            Dim run = Dim.One;
            for (int d = shape.Count - 1; d >= 0; d--)
            {
                s[d] = shape[d].IsStatic && shape[d].Value == 1 ? Dim.Zero : run;
                run *= shape[d];
            }
            return s;
        }

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
