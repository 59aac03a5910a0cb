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
    /// expression (<see cref="GpuScalarCode"/>) are all constants of the build. Each is loaded once, when the session
    /// is created, into a delegate field; a launch is one call of that delegate on the session's stream.
    /// </summary>
    internal sealed class GeneratedKernels
    {
        private const string View = "global::ILGPU.ArrayView<float>";

        private readonly DeviceValues _values;
        private readonly List<string> _bodies = new List<string>();
        private readonly List<int> _arities = new List<int>();

        public GeneratedKernels(DeviceValues values) { _values = values; }

        public int Count => _bodies.Count;

        public static string MethodName(int k) => "ElementwiseKernel" + k.ToString(CultureInfo.InvariantCulture);

        private static string FieldName(int k) => "_elementwise" + k.ToString(CultureInfo.InvariantCulture);

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
                if (index.Any(x => x.StartsWith("o", System.StringComparison.Ordinal)))
                {
                    // Take the output index apart, innermost dim first, and add each coordinate times the operand's stride.
                    body.Add("long rest = i;");
                    for (int i = 0; i < ins.Count; i++) if (index[i].StartsWith("o", System.StringComparison.Ordinal)) body.Add("long " + index[i] + " = 0;");
                    for (int d = shape.Length - 1; d >= 0; d--)
                    {
                        if (shape[d] == 1) continue;
                        body.Add("long c" + I(d) + " = rest % " + Literals.Int(shape[d]) + "L; rest /= " + Literals.Int(shape[d]) + "L;");
                        for (int i = 0; i < ins.Count; i++)
                            if (index[i].StartsWith("o", System.StringComparison.Ordinal) && strides[i][d] != 0)
                                body.Add(index[i] + " += c" + I(d) + " * " + Literals.Int(strides[i][d]) + "L;");
                    }
                }
            }
            string value = GpuScalarCode.Render(expr, a => "x" + I(a) + "[" + index[a] + "]");
            body.Add("y[i] = " + value + ";");
            string text = "for (long i = (long)global::ILGPU.Grid.IdxX * global::ILGPU.Group.DimX + global::ILGPU.Group.IdxX; i < " + Literals.Int(count) +
                          "L; i += (long)global::ILGPU.Grid.DimX * global::ILGPU.Group.DimX)\n{\n" + string.Join("\n", body.Select(l => "    " + l)) + "\n}";
            int k = _bodies.IndexOf(text);
            if (k < 0 || _arities[k] != ins.Count)
            {
                _bodies.Add(text);
                _arities.Add(ins.Count);
                k = _bodies.Count - 1;
            }
            lines.Add(FieldName(k) + "(_stream, _kernels.GridStride(" + Literals.Int(count) + "), " +
                      string.Join(", ", ins.Select(b => _values.View(b.Value))) + ", " + _values.View(y) + ");");
            return true;
        }

        /// <summary>The delegate fields the kernels are loaded into.</summary>
        public void WriteFields(CodeWriter w)
        {
            for (int k = 0; k < _bodies.Count; k++)
                w.Line("private readonly global::System.Action<global::ILGPU.Runtime.AcceleratorStream, global::ILGPU.KernelConfig, " +
                       string.Join(", ", Enumerable.Repeat(View, _arities[k] + 1)) + "> " + FieldName(k) + ";");
        }

        /// <summary>The constructor's loads (ILGPU compiles each kernel here, once per session).</summary>
        public void WriteLoads(CodeWriter w)
        {
            for (int k = 0; k < _bodies.Count; k++)
                w.Line(FieldName(k) + " = global::ILGPU.Runtime.KernelLoaders.LoadKernel<" + string.Join(", ", Enumerable.Repeat(View, _arities[k] + 1)) + ">(accelerator, " + MethodName(k) + ");");
        }

        /// <summary>The kernel methods.</summary>
        public void WriteKernels(CodeWriter w)
        {
            for (int k = 0; k < _bodies.Count; k++)
            {
                w.Line("/// <summary>A generated elementwise kernel (grid-stride, explicitly grouped).</summary>");
                w.Open("internal static void " + MethodName(k) + "(" + string.Join(", ", Enumerable.Range(0, _arities[k]).Select(i => View + " x" + I(i))) + ", " + View + " y)");
                foreach (var line in _bodies[k].Split('\n')) w.Line(line);
                w.Close();
                w.Line();
            }
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
