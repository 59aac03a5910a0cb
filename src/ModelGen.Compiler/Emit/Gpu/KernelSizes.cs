using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// The sizes of one generated kernel as its body writes them: a static dim is a literal ("784L"), a symbolic one a
    /// field of the kernel's <c>RunDims dims</c> parameter ("dims.D0"), numbered in order of first use, one field per
    /// distinct dim. <see cref="Argument"/> is the launch's value for that parameter, over the session's bound dims.
    /// </summary>
    internal sealed class KernelSizes
    {
        public const string Type = "global::ModelGen.Gpu.Kernels.RunDims";

        private readonly SessionDims _dims;
        private readonly List<Dim> _symbolic = new List<Dim>();

        public KernelSizes(SessionDims dims) { _dims = dims; }

        /// <summary>True when some size is symbolic: the kernel takes a <c>RunDims</c>.</summary>
        public bool Any => _symbolic.Count > 0;

        /// <summary>False when the kernel would need more sizes than a <c>RunDims</c> holds (the call then runs on the CPU).</summary>
        public bool Fits => _symbolic.Count <= 8;

        /// <summary>The size as the kernel body writes it.</summary>
        public string Of(Dim d)
        {
            if (d.IsStatic) return Literals.Int(d.Value) + "L";
            int k = _symbolic.IndexOf(d);
            if (k < 0)
            {
                k = _symbolic.Count;
                _symbolic.Add(d);
            }
            return "dims.D" + k.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The launch argument: a RunDims with each symbolic size computed from the bound dims.</summary>
        public string Argument => "new " + Type + " { " +
            string.Join(", ", _symbolic.Select((d, k) => "D" + k.ToString(CultureInfo.InvariantCulture) + " = " + _dims.Long(d))) + " }";
    }
}
