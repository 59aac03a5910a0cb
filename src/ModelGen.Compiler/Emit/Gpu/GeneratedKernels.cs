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
    /// expression (<see cref="GpuScalarCode"/>) are all constants of the build. The kernels go into the session's
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
            long count = y.Shape!.ElementCount.Value;
            var body = new List<string>();
            string[] index = new string[ins.Count];
            if (ins.Count == 1 || call.Operands.All(o => o.Name != "shape"))
            {
                for (int i = 0; i < ins.Count; i++) index[i] = "i";
            }
            else
            {
                var shape = call.Operand<DimsOperand>("shape").Values.Select(d => d.Value).ToArray();
                string[] names = { "a", "b", "c" };
                var strides = ins.Select((b, i) => call.Operand<DimsOperand>(names[i] + "Strides").Values.Select(d => d.Value).ToArray()).ToArray();
                var contiguous = Contiguous(shape);
                for (int i = 0; i < ins.Count; i++)
                    index[i] = strides[i].SequenceEqual(contiguous) ? "i" : strides[i].All(s => s == 0) ? "0L" : "o" + I(i);
                var mapped = Enumerable.Range(0, ins.Count).Where(i => index[i].StartsWith("o", System.StringComparison.Ordinal)).ToList();
                if (mapped.Count > 0)
                {
                    // Take the output index apart, and put each operand's index together from its strides (0 on broadcast dims).
                    body.AddRange(GeneratedKernelSet.Coordinates(shape));
                    foreach (int i in mapped)
                    {
                        var terms = Enumerable.Range(0, shape.Length).Where(d => shape[d] != 1 && strides[i][d] != 0)
                            .Select(d => GeneratedKernelSet.Coordinate(shape, d) + " * " + Literals.Int(strides[i][d]) + "L").ToList();
                        body.Add("long " + index[i] + " = " + (terms.Count == 0 ? "0L" : string.Join(" + ", terms)) + ";");
                    }
                }
            }
            string value = GpuScalarCode.Render(expr, a => "x" + I(a) + "[" + index[a] + "]");
            body.Add("y[i] = " + value + ";");
            var views = Enumerable.Range(0, ins.Count).Select(i => ("float", "x" + I(i))).Concat(new[] { ("float", "y") }).ToList();
            string field = _set.Add("ElementwiseKernel", "A generated elementwise kernel (grid-stride, explicitly grouped).", views, GeneratedKernelSet.GridStride(count, body));
            lines.Add(field + "(_stream, _kernels.GridStride(" + Literals.Int(count) + "), " +
                      string.Join(", ", ins.Select(b => _values.View(b.Value))) + ", " + _values.View(y) + ");");
            return true;
        }

        private static long[] Contiguous(long[] shape)
        {
            var s = new long[shape.Length];
            long run = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                s[d] = shape[d] == 1 ? 0 : run;
                run *= shape[d];
            }
            return s;
        }

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
