using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// The ILGPU kernels a session class carries as its own static methods: what the elementwise renderer
    /// (<see cref="GeneratedKernels"/>) and the data-movement renderer (<see cref="MovementKernels"/>) produce. Each
    /// kernel is a grid-stride loop over a build-time element count with every shape constant baked in, takes only
    /// <c>ArrayView</c>s (so one delegate type per parameter list), and is explicitly grouped. A kernel whose sizes depend
    /// on symbolic input dims takes them in one more parameter, a <c>RunDims</c> named <c>dims</c> (see
    /// <see cref="KernelSizes"/>); its body reads <c>dims.D0</c> where the others have literals. Identical kernels (same
    /// parameter types, same body) share one method. The session loads each one once, in its constructor, into a
    /// delegate field; a launch is one call of that delegate on the session's stream.
    /// </summary>
    internal sealed class GeneratedKernelSet
    {
        private readonly List<Kernel> _kernels = new List<Kernel>();

        private sealed class Kernel
        {
            public Kernel(string method, string field, string summary, IReadOnlyList<(string Type, string Name)> views, string body, bool takesDims)
            {
                Method = method;
                Field = field;
                Summary = summary;
                Views = views;
                Body = body;
                TakesDims = takesDims;
            }

            public bool TakesDims { get; }

            public string Method { get; }
            public string Field { get; }
            public string Summary { get; }
            public IReadOnlyList<(string Type, string Name)> Views { get; }
            public string Body { get; }
        }

        /// <summary>The C# type of a view of <paramref name="element"/> (a C# type name).</summary>
        public static string View(string element) => "global::ILGPU.ArrayView<" + element + ">";

        /// <summary>
        /// A grid-stride loop of <paramref name="body"/> over i in [0, <paramref name="count"/>): the thread's global index,
        /// then a stride of the whole grid, so any launch size covers the range (GpuKernels.GridStride caps the grid).
        /// </summary>
        public static string GridStride(long count, IEnumerable<string> body) => GridStride(Literals.Int(count) + "L", body);

        /// <summary>The same loop over a count written as a C# long expression (a literal, or a size in <c>dims</c>).</summary>
        public static string GridStride(string count, IEnumerable<string> body) =>
            "for (long i = (long)global::ILGPU.Grid.IdxX * global::ILGPU.Group.DimX + global::ILGPU.Group.IdxX; i < " + count +
            "; i += (long)global::ILGPU.Grid.DimX * global::ILGPU.Group.DimX)\n{\n" + string.Join("\n", body.Select(l => "    " + l)) + "\n}";

        /// <summary>
        /// Lines that take the linear index <c>i</c> apart into coordinates over <paramref name="shape"/> (row-major),
        /// innermost first: <c>long c3 = rest % 7L; rest /= 7L;</c>. Size-1 dims get no variable; <see cref="Coordinate"/>
        /// names them 0.
        /// </summary>
        public static List<string> Coordinates(IReadOnlyList<long> shape) => Coordinates(shape.Select(d => Literals.Int(d) + "L").ToList());

        /// <summary>The same over dims written as C# long expressions; a literal "1L" is a size-1 dim.</summary>
        public static List<string> Coordinates(IReadOnlyList<string> shape)
        {
            var lines = new List<string> { "long rest = i;" };
            for (int d = shape.Count - 1; d >= 0; d--)
                if (shape[d] != "1L") lines.Add("long c" + I(d) + " = rest % " + shape[d] + "; rest /= " + shape[d] + ";");
            return lines;
        }

        /// <summary>The coordinate variable <see cref="Coordinates"/> declared for dim <paramref name="d"/>, or "0L" for a size-1 dim.</summary>
        public static string Coordinate(IReadOnlyList<long> shape, int d) => shape[d] == 1 ? "0L" : "c" + I(d);

        /// <summary>The same over dims written as C# long expressions.</summary>
        public static string Coordinate(IReadOnlyList<string> shape, int d) => shape[d] == "1L" ? "0L" : "c" + I(d);

        /// <summary>Adds a kernel (or finds the identical one) and returns the delegate field to launch it through.</summary>
        /// <param name="prefix">The method name's stem ("ElementwiseKernel", "MovementKernel"), numbered per stem.</param>
        /// <param name="summary">The method's doc comment.</param>
        /// <param name="views">Element type and name of each ArrayView parameter, in launch order.</param>
        /// <param name="body">The kernel body (usually one <see cref="GridStride"/> loop).</param>
        /// <param name="takesDims">True when the body reads sizes from a last <c>RunDims dims</c> parameter.</param>
        public string Add(string prefix, string summary, IReadOnlyList<(string Type, string Name)> views, string body, bool takesDims = false)
        {
            var same = _kernels.FirstOrDefault(k => k.Body == body && k.Views.SequenceEqual(views) && k.TakesDims == takesDims && k.Method.StartsWith(prefix, System.StringComparison.Ordinal));
            if (same != null) return same.Field;
            int n = _kernels.Count(k => k.Method.StartsWith(prefix, System.StringComparison.Ordinal));
            string method = prefix + I(n);
            var kernel = new Kernel(method, "_" + char.ToLowerInvariant(method[0]) + method.Substring(1), summary, views, body, takesDims);
            _kernels.Add(kernel);
            return kernel.Field;
        }

        /// <summary>The delegate fields the kernels are loaded into.</summary>
        public void WriteFields(CodeWriter w)
        {
            foreach (var k in _kernels)
                w.Line("private readonly global::System.Action<global::ILGPU.Runtime.AcceleratorStream, global::ILGPU.KernelConfig, " + Types(k) + "> " + k.Field + ";");
        }

        /// <summary>The constructor's loads (ILGPU compiles each kernel here, once per session).</summary>
        public void WriteLoads(CodeWriter w)
        {
            foreach (var k in _kernels)
                w.Line(k.Field + " = global::ILGPU.Runtime.KernelLoaders.LoadKernel<" + Types(k) + ">(accelerator, " + k.Method + ");");
        }

        /// <summary>The kernel methods.</summary>
        public void WriteKernels(CodeWriter w)
        {
            foreach (var k in _kernels)
            {
                w.Line("/// <summary>" + k.Summary + "</summary>");
                var parameters = k.Views.Select(v => View(v.Type) + " " + v.Name);
                if (k.TakesDims) parameters = parameters.Concat(new[] { KernelSizes.Type + " dims" });
                w.Open("internal static void " + k.Method + "(" + string.Join(", ", parameters) + ")");
                foreach (var line in k.Body.Split('\n')) w.Line(line);
                w.Close();
                w.Line();
            }
        }

        private static string Types(Kernel k) => string.Join(", ", k.Views.Select(v => View(v.Type)).Concat(k.TakesDims ? new[] { KernelSizes.Type } : new string[0]));

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
