using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Elementwise calls (elementwise.map1/2/3) as ILGPU kernels generated into the session class: one static,
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

        /// <summary>Adds the launch for an elementwise call, or returns false when its expression or types have no GPU form.</summary>
        public bool TryRender(KernelCall call, List<string> lines)
        {
            if (!call.Kernel.StartsWith("elementwise.map", System.StringComparison.Ordinal)) return false;
            var expr = call.Operands.OfType<ExprOperand>().Single().Expr;
            var ins = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.In).ToList();
            var y = call.Operands.OfType<BufferOperand>().Single(b => b.Role == BufferRole.Out).Value;
            if (!GpuScalarCode.CanRender(expr) || ins.Any(b => b.Value.Type != ElementType.Float) || y.Type != ElementType.Float) return false;
            var sizes = new KernelSizes(_values.Dims);
            string count = sizes.Of(y.Shape!.ElementCount);
            var body = new List<string>();
            string[] index = new string[ins.Count];
            if (ins.Count == 1 || call.Operands.All(o => o.Name != "shape"))
            {
                for (int i = 0; i < ins.Count; i++) index[i] = "i";
            }
            else
            {
                var shape = call.Operand<DimsOperand>("shape").Values;
                string[] names = { "a", "b", "c" };
                var strides = ins.Select((b, i) => call.Operand<DimsOperand>(names[i] + "Strides").Values).ToArray();
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
            string value = GpuScalarCode.Render(expr, a => "x" + I(a) + "[" + index[a] + "]");
            body.Add("y[i] = " + value + ";");
            var views = Enumerable.Range(0, ins.Count).Select(i => ("float", "x" + I(i))).Concat(new[] { ("float", "y") }).ToList();
            string field = _set.Add("ElementwiseKernel", "A generated elementwise kernel (grid-stride, explicitly grouped).", views, GeneratedKernelSet.GridStride(count, body), sizes.Any);
            string launchCount = y.Shape.ElementCount.IsStatic ? Literals.Int(y.Shape.ElementCount.Value) : _values.Dims.Long(y.Shape.ElementCount);
            lines.Add(field + "(_stream, _kernels.GridStride(" + launchCount + "), " +
                      string.Join(", ", ins.Select(b => _values.View(b.Value))) + ", " + _values.View(y) + (sizes.Any ? ", " + sizes.Argument : "") + ");");
            return true;
        }

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
