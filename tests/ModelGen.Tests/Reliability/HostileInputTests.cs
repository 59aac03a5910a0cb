using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Runtime;
using ModelGen.Tests.Differential;
using ModelGen.Tests.Infrastructure;
using Xunit;
using static ModelGen.Tests.Reliability.HostileModels;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// Issue 11's hostile-input table (docs/reliability/hostile-inputs.md), one test per row: each hostile input gets
    /// its diagnostic or exception, allocates nothing it should not, and leaves outputs and the instance usable.
    /// </summary>
    public sealed class HostileInputTests : IClassFixture<HostileInputTests.Compiled>
    {
        private readonly Compiled _compiled;

        public HostileInputTests(Compiled compiled) { _compiled = compiled; }

        /// <summary>The run-time models, compiled once into one assembly.</summary>
        public sealed class Compiled : CaseModelAssembly
        {
            public Compiled() : base("Hostile", s_models) { }
        }

        private static readonly (string Name, Func<byte[]> Model)[] s_models =
        {
            ("rows2", Static),
            ("symbolic", Symbolic),
            ("four", FourDims),
            ("outer", Outer),
            ("naninf_long", () => NanInf(10, 64)),
            ("naninf_short", () => NanInf(10, 3)),
        };

        private ICompiledModel Load(string name) => InMemoryBatch.Load(_compiled.Assembly, "Hostile." + name + ".Model", Path.Combine(_compiled.Folder(name), "model.onnx"));

        // ---- External data ----

        [Fact]
        public void ExternalData_AbsolutePath_RefusedWithMG0006()
        {
            var p = CompileInFolder(ExternalWeights("/etc/passwd"), out _);
            Assert.Contains("'w'", p.Message, StringComparison.Ordinal);
            Assert.Contains("'/etc/passwd'", p.Message, StringComparison.Ordinal);
            Assert.Contains("absolute", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ExternalData_DotDotEscape_RefusedWithMG0006()
        {
            var p = CompileInFolder(ExternalWeights("sub/../../w.bin"), out string dir, writeOutside: "w.bin");
            Assert.Contains("'sub/../../w.bin'", p.Message, StringComparison.Ordinal);
            Assert.Contains("'..'", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ExternalData_SymlinkLeavingTheFolder_RefusedWithMG0006()
        {
            string outside = Path.Combine(TestPaths.NewTempDir(), "secret.bin");
            File.WriteAllBytes(outside, WeightBytes);
            var p = CompileInFolder(ExternalWeights("w.bin"), out _, link: ("w.bin", outside));
            Assert.Contains("'w.bin'", p.Message, StringComparison.Ordinal);
            Assert.Contains("symbolic link", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ExternalData_OffsetPastTheEndOfTheFile_RefusedWithMG0006()
        {
            var p = CompileInFolder(ExternalWeights("w.bin", offset: "4096"), out _, data: WeightBytes);
            Assert.Contains("has only " + WeightBytes.Length + " bytes", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ExternalData_LengthNotTheTensorsByteSize_RefusedWithMG0006()
        {
            var p = CompileInFolder(ExternalWeights("w.bin", length: "8"), out _, data: WeightBytes);
            Assert.Contains("'length' 8", p.Message, StringComparison.Ordinal);
            Assert.Contains(WeightBytes.Length + " bytes", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ExternalData_NegativeOffset_RefusedWithMG0006()
        {
            var p = CompileInFolder(ExternalWeights("w.bin", offset: "-4"), out _, data: WeightBytes);
            Assert.Contains("'offset' = '-4'", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ExternalData_ValidReferenceInsideTheFolder_StillMG0004()
        {
            var p = CompileInFolder(ExternalWeights("w.bin"), out _, data: WeightBytes, expectedId: "MG0004");
            Assert.Contains("not supported yet", p.Message, StringComparison.Ordinal);
        }

        /// <summary>Writes the model (and its data file, a file outside the folder or a link) to a fresh folder, compiles it, and returns the one error.</summary>
        private static global::ModelGen.Compiler.Diagnostics.Problem CompileInFolder(byte[] model, out string dir, byte[]? data = null, string? writeOutside = null,
            (string Name, string Target)? link = null, string expectedId = "MG0006")
        {
            string parent = TestPaths.NewTempDir();
            dir = Path.Combine(parent, "model");
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            if (data != null) File.WriteAllBytes(Path.Combine(dir, "w.bin"), data);
            if (writeOutside != null) File.WriteAllBytes(Path.Combine(parent, writeOutside), WeightBytes);
            if (link != null) File.CreateSymbolicLink(Path.Combine(dir, link.Value.Name), link.Value.Target);
            string path = Path.Combine(dir, "model.onnx");
            File.WriteAllBytes(path, model);
            var result = ModelCompiler.Compile(model, new CompileOptions("Model", "Hostile", path, "ModelGen.model.onnx", new Dictionary<string, long>()));
            Assert.False(result.Success);
            // The first error is the refusal; readers of the refused initializer may add MG0105 after it.
            var p = result.Problems.First(x => x.Severity == global::ModelGen.Compiler.Diagnostics.ProblemSeverity.Error);
            Assert.True(p.Id == expectedId, p.Id + ": " + p.Message);
            Assert.Single(result.Problems, x => x.Id == expectedId);
            Assert.DoesNotContain(result.Problems, x => x.Id is "MG0901" or "MG0003" or "MG0004" && x.Id != expectedId);
            return p;
        }

        // ---- A declared 10^12-element tensor: MG0301 at build time, nothing allocated ----

        [Fact]
        public void HugeTensor_GraphInputDims_MG0301()
        {
            var model = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { Huge, Huge })
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "relu")
                .Output("y", ElementType.Float, null);
            ExpectTooLarge(model.ToBytes(), "Graph input 'x' declares [1000000,1000000] float (1000000000000 elements)");
        }

        [Fact]
        public void HugeTensor_ValueInfoOfAnIntermediate_IgnoredForTheInferredShape()
        {
            // value_info is a hint: the declared [10^6,10^6] contradicts what shape inference derives ([2,2]), which wins.
            var model = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 2 })
                .Node("Relu", new[] { "x" }, new[] { "r" }, name: "relu")
                .ValueInfo("r", ElementType.Float, new object[] { Huge, Huge })
                .Node("Neg", new[] { "r" }, new[] { "y" }, name: "neg")
                .Output("y", ElementType.Float, null);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = ModelCompiler.Compile(model.ToBytes(), CompileOptions.Default);
            AssertSmall(before);
            Assert.True(result.Success, string.Join(" | ", result.Problems.Select(p => p.Id + " " + p.Message)));
        }

        [Fact]
        public void HugeTensor_InitializerDimsWithoutData_MG0301()
        {
            var model = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Initializer("w", ElementType.Float, new[] { (int)Huge, (int)Huge }, Array.Empty<byte>())
                .Node("Add", new[] { "x", "w" }, new[] { "y" }, name: "add")
                .Output("y", ElementType.Float, null);
            ExpectTooLarge(model.ToBytes(), "Initializer 'w' declares dims [1000000,1000000], 1000000000000 elements");
        }

        [Fact]
        public void HugeTensor_InitializerDimsOverflowingALong_MG0301()
        {
            var bytes = Diagnostics.DiagnosticRun.Patch(new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Initializer("w", ElementType.Float, new[] { 1 }, new byte[4])
                .Node("Add", new[] { "x", "w" }, new[] { "y" }, name: "add")
                .Output("y", ElementType.Float, null).ToBytes(), m =>
                {
                    var w = m.Graph.Initializer[0];
                    w.Dims.Clear();
                    w.Dims.Add(1L << 40);
                    w.Dims.Add(1L << 40);
                    w.RawData = Google.Protobuf.ByteString.Empty;
                });
            ExpectTooLarge(bytes, "Initializer 'w' declares dims [1099511627776,1099511627776], more than 2^63 elements");
        }

        [Fact]
        public void HugeTensor_ConstantAttributeDims_MG0301()
        {
            var bytes = Diagnostics.DiagnosticRun.Patch(new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Node("Constant", new string[0], new[] { "c" }, name: "big", attributes: a => a.Tensor("value", new[] { 1 }, new[] { 1f }))
                .Node("Add", new[] { "x", "c" }, new[] { "y" }, name: "add")
                .Output("y", ElementType.Float, null).ToBytes(), m =>
                {
                    var t = m.Graph.Node[0].Attribute[0].T;
                    t.Dims.Clear();
                    t.Dims.Add(Huge);
                    t.Dims.Add(Huge);
                    t.FloatData.Clear();
                    t.RawData = Google.Protobuf.ByteString.Empty;
                });
            ExpectTooLarge(bytes, "Constant node 'big': attribute 'value' declares a tensor of dims [1000000,1000000] (1000000000000 elements)");
        }

        [Fact]
        public void HugeTensor_ConstantOfShapeWithAConstantShape_MG0301()
        {
            var model = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Initializer("shape", new[] { 2 }, new long[] { Huge, Huge })
                .Node("ConstantOfShape", new[] { "shape" }, new[] { "c" }, name: "fill", attributes: a => a.Tensor("value", new[] { 1 }, new[] { 1f }))
                .Node("Add", new[] { "x", "c" }, new[] { "y" }, name: "add")
                .Output("y", ElementType.Float, null);
            ExpectTooLarge(model.ToBytes(), "ConstantOfShape node 'fill': output 'c' [1000000,1000000] holds over 2 GB");
        }

        [Fact]
        public void HugeTensor_ExpandToAHugeShape_MG0301()
        {
            var model = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Initializer("shape", new[] { 2 }, new long[] { Huge, Huge })
                .Node("Expand", new[] { "x", "shape" }, new[] { "y" }, name: "grow")
                .Output("y", ElementType.Float, null);
            ExpectTooLarge(model.ToBytes(), "Expand node 'grow': output 'y' [1000000,1000000] holds over 2 GB");
        }

        /// <summary>The compile fails with MG0301 naming <paramref name="names"/>, having allocated little (no attempt at the tensor).</summary>
        private static void ExpectTooLarge(byte[] model, string names)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = ModelCompiler.Compile(model, CompileOptions.Default);
            AssertSmall(before);
            Assert.False(result.Success);
            Assert.True(result.Problems.Any(p => p.Id == "MG0301" && p.Message.Contains(names, StringComparison.Ordinal)),
                "expected MG0301 naming " + names + ", got: " + string.Join(" | ", result.Problems.Select(p => p.Id + " " + p.Message)));
        }

        private static void AssertSmall(long before)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 50_000_000, "the compile allocated " + allocated + " bytes");
        }

        // ---- Protobuf nesting ----

        [Fact]
        public void NestingBomb_100000NestedSequenceTypes_MG0001NestedTooDeeply()
        {
            var bytes = NestedSequenceTypes(100_000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = ModelCompiler.Compile(bytes, CompileOptions.Default);
            AssertSmall(before);
            var p = Assert.Single(result.Problems);
            Assert.Equal("MG0001", p.Id);
            Assert.Contains("nested too deeply", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NestingBomb_ShallowNestedSequenceType_ReadsPastTheParser()
        {
            // The same writer at depth 3: the bytes parse, so the bomb above fails for its depth, not for bad bytes.
            var result = ModelCompiler.Compile(NestedSequenceTypes(3), CompileOptions.Default);
            Assert.DoesNotContain(result.Problems, p => p.Id == "MG0001");
        }

        [Fact]
        public void IfChain_200Deep_ClearDiagnostic()
        {
            var result = ModelCompiler.Compile(IfChain(200), CompileOptions.Default);
            var p = Assert.Single(result.Problems);
            Assert.Equal("MG0001", p.Id);
            Assert.Contains("nested too deeply", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void IfChain_10Deep_Compiles()
        {
            var result = ModelCompiler.Compile(IfChain(10), CompileOptions.Default);
            Assert.True(result.Success, string.Join(" | ", result.Problems.Select(p => p.Id + " " + p.Message)));
        }

        // ---- Files: several GB, empty, garbage ----

        [Fact]
        public void SeveralGigabyteFile_RefusedBeforeReading_MG0001()
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "huge.onnx");
            using (var f = new FileStream(path, FileMode.CreateNew)) f.SetLength(3L << 30); // sparse: no disk used
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<IOException>(() => ModelGen.Generator.ModelBytes.Read(path));
            AssertSmall(before);
            Assert.Contains((3L << 30) + " bytes", e.Message, StringComparison.Ordinal);

            var run = GeneratorHarness.Run("", new[] { new ModelItem(path) });
            var d = Assert.Single(Diagnostics.DiagnosticRun.Expect(run, path, "MG0001"));
            Assert.Contains("3221225472 bytes, over ONNX's 2 GiB protobuf limit", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("external data", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void EmptyFile_MG0001()
        {
            var p = Assert.Single(ModelCompiler.Compile(Array.Empty<byte>(), CompileOptions.Default).Problems);
            Assert.Equal("MG0001", p.Id);
            Assert.Contains("empty", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void RandomGarbage_MG0001()
        {
            var rng = new Random(11);
            for (int i = 0; i < 20; i++)
            {
                var bytes = new byte[rng.Next(1, 10_000)];
                rng.NextBytes(bytes);
                var result = ModelCompiler.Compile(bytes, CompileOptions.Default);
                Assert.False(result.Success);
                Assert.All(result.Problems, p => Assert.StartsWith("MG0", p.Id, StringComparison.Ordinal));
                Assert.DoesNotContain(result.Problems, p => p.Id == "MG0901");
            }
        }

        // ---- Run time: wrong sizes and shapes ----

        [Fact]
        public void WrongSpanLength_StaticModel_ArgumentExceptionNamesTensorAndSizes()
        {
            var model = Load("rows2");
            var x = Floats(8, 1);
            var outputs = Sentinel(6);
            var e = Assert.Throws<ArgumentException>(() => model.Run(default, new ReadOnlyMemory<byte>[] { AsBytes(Floats(7, 1)) }, outputs));
            Assert.Contains("'x' [2,4] needs 8 elements but the span has 7", e.Message, StringComparison.Ordinal);
            AssertSentinel(outputs);

            var tooShort = Sentinel(5);
            e = Assert.Throws<ArgumentException>(() => model.Run(default, new ReadOnlyMemory<byte>[] { AsBytes(x) }, tooShort));
            Assert.Contains("'y' [2,3] needs 6 elements but the span has 5", e.Message, StringComparison.Ordinal);
            AssertSentinel(tooShort);

            AssertMatchesOrt("rows2", Static(), model, Array.Empty<int>(), new[] { 2L, 4 }, x);
        }

        [Fact]
        public void WrongSpanLength_SymbolicModel_ArgumentExceptionNamesTensorAndSizes()
        {
            var model = Load("symbolic");
            var outputs = Sentinel(9);
            var e = Assert.Throws<ArgumentException>(() => model.Run(new[] { 3 }, new ReadOnlyMemory<byte>[] { AsBytes(Floats(8, 2)) }, outputs));
            Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
            Assert.Contains("needs 12 elements but the span has 8", e.Message, StringComparison.Ordinal);
            AssertSentinel(outputs);
            AssertMatchesOrt("symbolic", Symbolic(), model, new[] { 3 }, new[] { 3L, 4 }, Floats(12, 2));
        }

        [Fact]
        public void WrongDims_DimsTakingOverloads_ArgumentException()
        {
            var model = Load("symbolic");
            var x = AsBytes(Floats(8, 3));
            var e = Assert.Throws<ArgumentException>(() => model.Run(new[] { 2, 4 }, new ReadOnlyMemory<byte>[] { x }));
            Assert.Contains("Expected 1 dims", e.Message, StringComparison.Ordinal);
            e = Assert.Throws<ArgumentException>(() => model.Run(new[] { 4 }, new ReadOnlyMemory<byte>[] { x }));
            Assert.Contains("needs 16 elements but the span has 8", e.Message, StringComparison.Ordinal);
            var outputs = Sentinel(6);
            e = Assert.Throws<ArgumentException>(() => model.Run(new[] { 2 }, new ReadOnlyMemory<byte>[] { x, x }, outputs));
            Assert.Contains("1 inputs", e.Message, StringComparison.Ordinal);
            AssertSentinel(outputs);
            AssertMatchesOrt("symbolic", Symbolic(), model, new[] { 2 }, new[] { 2L, 4 }, Floats(8, 3));
        }

        // ---- Run time: symbolic dims bound to 0, negative, or too large ----

        [Fact]
        public void SymbolicDimZero_ArgumentOutOfRangeNamesTheDim()
        {
            var model = Load("symbolic");
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Run(new[] { 0 }, new ReadOnlyMemory<byte>[] { ReadOnlyMemory<byte>.Empty }));
            Assert.Contains("'N'", e.Message, StringComparison.Ordinal);
            AssertMatchesOrt("symbolic", Symbolic(), model, new[] { 1 }, new[] { 1L, 4 }, Floats(4, 4));
        }

        [Fact]
        public void SymbolicDimNegative_ArgumentOutOfRangeNamesTheDim()
        {
            var model = Load("symbolic");
            var outputs = Sentinel(3);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Run(new[] { -3 }, new ReadOnlyMemory<byte>[] { AsBytes(Floats(4, 5)) }, outputs));
            Assert.Contains("'N'", e.Message, StringComparison.Ordinal);
            Assert.Equal(-3, e.ActualValue);
            AssertSentinel(outputs);
        }

        [Fact]
        public void SymbolicDimWhoseTensorOverflowsASpan_ArgumentOutOfRangeNamesTheDim()
        {
            var model = Load("symbolic");
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Run(new[] { 1 << 30 }, new ReadOnlyMemory<byte>[] { AsBytes(Floats(4, 6)) }));
            Assert.Contains("N=1073741824", e.Message, StringComparison.Ordinal);
            Assert.Contains("4294967296 elements", e.Message, StringComparison.Ordinal);
            AssertMatchesOrt("symbolic", Symbolic(), model, new[] { 2 }, new[] { 2L, 4 }, Floats(8, 6));
        }

        [Fact]
        public void SymbolicDimsWhoseProductWrapsALong_ArgumentOutOfRangeNotAnEmptyRun()
        {
            // 65536^4 = 2^64 wraps an unchecked long to 0, which empty spans would match.
            var model = Load("four");
            var outputs = new Memory<byte>[] { Memory<byte>.Empty };
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Run(new[] { 65536, 65536, 65536, 65536 }, new ReadOnlyMemory<byte>[] { ReadOnlyMemory<byte>.Empty }, outputs));
            Assert.Contains("more than 2^63", e.Message, StringComparison.Ordinal);
            Assert.Contains("'x' [a,b,c,d] with a=65536, b=65536, c=65536, d=65536 has more than 2^63 elements", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void SymbolicDimWhoseArenaOverflowsInt_ArgumentOutOfRange()
        {
            var model = Load("outer");
            const int n = 50_000; // inputs of 50,000 floats; the [N,N] intermediate needs 10^10 bytes
            var col = AsBytes(Floats(n, 7));
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Run(new[] { n }, new ReadOnlyMemory<byte>[] { col, col }));
            Assert.Matches(@"These dims need \d+ bytes of working memory, more than one array can hold\.", e.Message);
            var small = Floats(3, 8);
            var ort = OrtReference.Run(Outer(), new[] { new DiffTensor("col", ElementType.Float, new[] { 3L, 1 }, AsArray(small)), new DiffTensor("row", ElementType.Float, new[] { 1L, 3 }, AsArray(small)) });
            var ours = model.Run(new[] { 3 }, new ReadOnlyMemory<byte>[] { AsBytes(small), AsBytes(small) });
            AssertClose(ort.Outputs![0].Raw, ours[0].Bytes, "y");
        }

        // ---- Run time: NaN and Inf ----

        [Fact]
        public void NanAndInf_LongRows_PropagateAsOnnxRuntimeDoes() => AssertNanInfMatchesOrt("naninf_long", 10, 64);

        [Fact]
        public void NanAndInf_ShortRows_PropagateAsOnnxRuntimeDoes() => AssertNanInfMatchesOrt("naninf_short", 10, 3);

        private void AssertNanInfMatchesOrt(string name, int rows, int cols)
        {
            var x = NanInfInput(rows, cols);
            var ort = OrtReference.Run(NanInf(rows, cols), new[] { new DiffTensor("x", ElementType.Float, new[] { (long)rows, cols }, AsArray(x)) });
            var ours = Load(name).Run(Array.Empty<int>(), new ReadOnlyMemory<byte>[] { AsBytes(x) });
            Assert.Equal(ort.Outputs!.Count, ours.Length);
            var failures = new List<string>();
            for (int i = 0; i < ours.Length; i++)
            {
                var expected = ort.Outputs[i];
                if (expected.Name == "argmax")
                {
                    // ONNX leaves ArgMax of a row holding NaN undefined: clean rows must agree, NaN rows give an index in range.
                    var want = MemoryMarshal.Cast<byte, long>(expected.Raw);
                    var got = MemoryMarshal.Cast<byte, long>(ours[i].Bytes);
                    for (int r = 0; r < rows; r++)
                    {
                        bool hasNan = x.Skip(r * cols).Take(cols).Any(float.IsNaN);
                        if (!hasNan && want[r] != got[r]) failures.Add("argmax row " + r + ": ORT " + want[r] + ", ours " + got[r]);
                        if (got[r] < 0 || got[r] >= cols) failures.Add("argmax row " + r + " out of range: " + got[r]);
                    }
                    continue;
                }
                if (expected.Name is "reducemax" or "reducemin" or "maxpool")
                {
                    // ONNX leaves a max or min over NaN undefined; ORT gives NaN only when the NaN comes first. ModelGen
                    // propagates it wherever it is (as the ONNX reference's np.maximum.reduce does), the same on the vector
                    // and scalar paths: NaN where the window holds one, ORT's value elsewhere.
                    var want = MemoryMarshal.Cast<byte, float>(expected.Raw).ToArray();
                    var got = MemoryMarshal.Cast<byte, float>(ours[i].Bytes);
                    Assert.Equal(want.Length, got.Length);
                    int width = expected.Name == "maxpool" ? cols - 1 : 1;
                    for (int k = 0; k < want.Length; k++)
                    {
                        var window = expected.Name == "maxpool" ? x.Skip(k / width * cols + k % width).Take(2) : x.Skip(k * cols).Take(cols);
                        if (window.Any(float.IsNaN)) { if (!float.IsNaN(got[k])) failures.Add(expected.Name + "[" + k + "]: NaN in the window, ours " + got[k]); }
                        else if (!(want[k] == got[k])) failures.Add(expected.Name + "[" + k + "]: ORT " + want[k] + ", ours " + got[k]);
                    }
                    continue;
                }
                failures.AddRange(Differences(expected.Raw, ours[i].Bytes, expected.Name));
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        }

        // ---- helpers ----

        private static float[] Floats(int n, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        }

        private static ReadOnlyMemory<byte> AsBytes(float[] x) => AsArray(x);

        private static byte[] AsArray(float[] x) => MemoryMarshal.AsBytes(x.AsSpan()).ToArray();

        private const byte SentinelByte = 0xA5;

        private static Memory<byte>[] Sentinel(int floats)
        {
            var bytes = new byte[floats * 4];
            bytes.AsSpan().Fill(SentinelByte);
            return new Memory<byte>[] { bytes };
        }

        private static void AssertSentinel(Memory<byte>[] outputs)
        {
            foreach (var o in outputs) Assert.True(o.Span.IndexOfAnyExcept(SentinelByte) < 0, "an output was written before the argument check threw");
        }

        /// <summary>The same instance, after the hostile call, still predicts what ONNX Runtime does.</summary>
        private static void AssertMatchesOrt(string name, byte[] onnx, ICompiledModel model, int[] dims, long[] xDims, float[] x)
        {
            var ort = OrtReference.Run(onnx, new[] { new DiffTensor("x", ElementType.Float, xDims, AsArray(x)) });
            var ours = model.Run(dims, new ReadOnlyMemory<byte>[] { AsBytes(x) });
            AssertClose(ort.Outputs![0].Raw, ours[0].Bytes, name);
        }

        private static void AssertClose(byte[] expected, byte[] actual, string name)
        {
            var failures = Differences(expected, actual, name).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }

        /// <summary>NaN where ORT has NaN, the same infinity where it has one, else within float rounding.</summary>
        private static IEnumerable<string> Differences(byte[] expected, byte[] actual, string name)
        {
            if (expected.Length != actual.Length) { yield return name + ": " + actual.Length + " bytes, ORT " + expected.Length; yield break; }
            var want = MemoryMarshal.Cast<byte, float>(expected).ToArray();
            var got = MemoryMarshal.Cast<byte, float>(actual).ToArray();
            for (int i = 0; i < want.Length; i++)
            {
                bool same = float.IsNaN(want[i]) ? float.IsNaN(got[i])
                    : float.IsInfinity(want[i]) ? want[i] == got[i]
                    : !float.IsNaN(got[i]) && !float.IsInfinity(got[i]) && Math.Abs(want[i] - got[i]) <= 1e-5f + 1e-5f * Math.Abs(want[i]);
                if (!same) yield return name + "[" + i + "]: ORT " + want[i] + ", ours " + got[i];
            }
        }
    }
}
