using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Tests.Differential
{
    /// <summary>A tensor of a differential case: a graph input fed at run time, or an initializer baked into the model.</summary>
    internal sealed class DiffTensor
    {
        public DiffTensor(string name, ElementType type, long[] dims, byte[] raw, bool constant = false, object?[]? declared = null)
        {
            Name = name;
            Type = type;
            Dims = dims;
            Raw = raw;
            Constant = constant;
            Declared = declared;
        }

        public string Name { get; }
        public ElementType Type { get; }
        public long[] Dims { get; }

        /// <summary>Little-endian element bytes, as ONNX's raw_data and both runtimes take them.</summary>
        public byte[] Raw { get; }

        /// <summary>An initializer rather than a graph input.</summary>
        public bool Constant { get; }

        /// <summary>The shape the model declares for a graph input, when not <see cref="Dims"/> (symbolic dims such as "N").</summary>
        public object?[]? Declared { get; }

        public int[] IntDims => Dims.Select(d => checked((int)d)).ToArray();

        public object?[] DeclaredShape => Declared ?? Dims.Select(d => (object?)d).ToArray();

        /// <summary>The same values as an initializer.</summary>
        public DiffTensor AsConstant() => new DiffTensor(Name, Type, Dims, Raw, constant: true);

        /// <summary>The same values as a graph input declared with <paramref name="shape"/>.</summary>
        public DiffTensor Declare(params object?[] shape) => new DiffTensor(Name, Type, Dims, Raw, Constant, shape);
    }

    /// <summary>How close ModelGen's output must be to ONNX Runtime's: |a-e| &lt;= atol + rtol·|e|; both 0 means bit-exact.</summary>
    internal sealed class Tolerance
    {
        public Tolerance(double rtol, double atol, string why)
        {
            RTol = rtol;
            ATol = atol;
            Why = why;
        }

        public double RTol { get; }
        public double ATol { get; }
        public string Why { get; }
        public bool Exact => RTol == 0 && ATol == 0;

        /// <summary>The brief's float tolerance, for float and double.</summary>
        public static readonly Tolerance Float = new Tolerance(1e-3, 1e-5, "float and double");

        /// <summary>
        /// Half has an 11-bit significand (a unit in the last place is 2^-10 ≈ 9.8e-4 relative): two runtimes that compute
        /// in float and round once can still land one ulp apart, so float16 allows two ulps.
        /// </summary>
        public static readonly Tolerance Half = new Tolerance(2e-3, 1e-4, "float16: two half ulps");

        /// <summary>
        /// float16 Sum, Mean, BatchNormalization and Col2Im: ModelGen rounds each step to half, as ONNX's reference (numpy on
        /// float16 arrays) does, where ORT computes in float and rounds once. The two differ by ulps of the intermediate
        /// values (up to about 20 here, where a half ulp is 0.0078), not of the result, so atol is 2e-2.
        /// </summary>
        public static readonly Tolerance HalfSteps = new Tolerance(2e-3, 2e-2, "float16 Sum/Mean/BatchNormalization/Col2Im: ulps of the intermediates");

        public static readonly Tolerance Exactly = new Tolerance(0, 0, "integers and bool: exact");

        public static Tolerance For(ElementType outputType) =>
            outputType == ElementType.Float16 ? Half :
            outputType == ElementType.Float || outputType == ElementType.Double ? Float : Exactly;
    }

    /// <summary>
    /// One differential case: a small ONNX model, its run-time inputs (seeded random values), and where it belongs in the
    /// coverage table (family, op, element type, what the variant exercises).
    /// </summary>
    internal sealed class DiffCase
    {
        public DiffCase(string family, string op, ElementType type, string variant, byte[] model, IReadOnlyList<DiffTensor> inputs, Tolerance? tolerance,
            byte[]? referenceModel = null, IReadOnlyList<DiffTensor>? referenceInputs = null)
        {
            Family = family;
            Op = op;
            Type = type;
            Variant = variant;
            Model = model;
            Inputs = inputs;
            ToleranceOverride = tolerance;
            ReferenceModel = referenceModel;
            ReferenceInputs = referenceInputs;
        }

        public string Family { get; }
        public string Op { get; }

        /// <summary>The element type the case is about (its main input's).</summary>
        public ElementType Type { get; }

        public string Variant { get; }
        public byte[] Model { get; }

        /// <summary>Graph inputs in declaration order (initializers are inside <see cref="Model"/>).</summary>
        public IReadOnlyList<DiffTensor> Inputs { get; }

        /// <summary>Null: <see cref="Tolerance.For"/> the output's type.</summary>
        public Tolerance? ToleranceOverride { get; }

        /// <summary>
        /// For float16 cases of the dot-product ops (MatMul, Gemm, Conv): the same model in float, on the same values; its
        /// result rounded to half is the reference. Long sums are where float16 implementations part ways (partial sums
        /// kept in half or in float), and numpy, ONNX's reference, keeps them in float; ORT's own float16 kernel, where it
        /// has one, is measured against the same reference, so the table shows which side is off.
        /// </summary>
        public byte[]? ReferenceModel { get; }

        public IReadOnlyList<DiffTensor>? ReferenceInputs { get; }

        public string Name => Op + "<" + ElementTypes.OnnxName(Type) + "> " + Variant;
    }
}
