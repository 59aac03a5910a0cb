using ModelGen.Tests.Infrastructure;
using System.IO;
using ModelGen.Cli;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using Xunit;

namespace ModelGen.Tests.Cli
{
    public class CliRunTests
    {
        [Fact]
        public void Run_TinyModel_BindsNAndPasses()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path, rows: 3);
            var outcome = CliRunner.Expect(ExitCodes.Success, "run", model, "--data", Path.Combine(dir.Path, "test_data_set_0"));
            CliRunner.AssertNoGeneratedCodeWarnings(outcome);
            Assert.Contains("dims: N=3", outcome.Stdout);
            Assert.Contains("output 0 'y' float[3,4]", outcome.Stdout);
            Assert.Contains("PASS", outcome.Stdout);
            Assert.Contains("roslyn: compiled", outcome.Stdout);
            Assert.Contains("run: ", outcome.Stdout);
        }

        [Fact]
        public void Run_DataDefaultsToTestDataSet0()
        {
            using var dir = new TempDir();
            CliRunner.Expect(ExitCodes.Success, "run", TinyModels.WriteAddRelu(dir.Path, rows: 2));
        }

        [Fact]
        public void Run_WriteOutputs_RoundTripsThroughTensorFile()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path, rows: 5);
            string written = dir.File("actual");
            CliRunner.Expect(ExitCodes.Success, "run", model, "--data", Path.Combine(dir.Path, "test_data_set_0"), "--write-outputs", written);

            var y = TensorFile.Read(File.ReadAllBytes(Path.Combine(written, "output_0.pb")));
            Assert.Equal("y", y.Name);
            Assert.Equal(ElementType.Float, y.Type);
            Assert.Equal(new long[] { 5, 4 }, y.Dims);
            Assert.Equal(TinyModels.Expected(TinyModels.Inputs(5)), TinyModels.Floats(y.Raw));

            // The written folder, with the inputs copied in, is itself a passing data set.
            File.Copy(Path.Combine(dir.Path, "test_data_set_0", "input_0.pb"), Path.Combine(written, "input_0.pb"));
            CliRunner.Expect(ExitCodes.Success, "run", model, "--data", written, "--rtol", "0", "--atol", "0");
        }

        [Fact]
        public void Run_CorruptedExpectedOutput_ExitsOne()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path, rows: 2);
            var expected = TinyModels.Expected(TinyModels.Inputs(2));
            expected[5] += 0.5f;
            expected[6] = float.NaN;
            File.WriteAllBytes(Path.Combine(dir.Path, "test_data_set_0", "output_0.pb"),
                TensorFile.Write("y", ElementType.Float, new long[] { 2, 4 }, TinyModels.Bytes(expected)));
            var outcome = CliRunner.Expect(ExitCodes.OutsideTolerance, "run", model, "--data", Path.Combine(dir.Path, "test_data_set_0"));
            Assert.Contains("FAIL: 2 of 8 elements outside", outcome.Stdout);
            Assert.Contains("NaN", outcome.Stdout);
        }

        [Fact]
        public void Run_WrongInputSize_ExitsThree()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path);
            string data = Path.Combine(dir.Path, "test_data_set_0");
            File.WriteAllBytes(Path.Combine(data, "input_0.pb"), TensorFile.Write("x", ElementType.Float, new long[] { 2, 5 }, new byte[40]));
            var outcome = CliRunner.Expect(ExitCodes.Failure, "run", model, "--data", data);
            Assert.Contains("input 'x'", outcome.Stderr);
        }

        [Fact]
        public void Run_WrongInputType_ExitsThree()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path);
            string data = Path.Combine(dir.Path, "test_data_set_0");
            File.WriteAllBytes(Path.Combine(data, "input_0.pb"), TensorFile.Write("x", ElementType.Int64, new long[] { 1, 4 }, new byte[32]));
            var outcome = CliRunner.Expect(ExitCodes.Failure, "run", model, "--data", data);
            Assert.Contains("int64", outcome.Stderr);
        }

        [Fact]
        public void Run_NoInputFiles_ExitsThree()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path);
            var outcome = CliRunner.Expect(ExitCodes.Failure, "run", model, "--data", Directory.CreateDirectory(dir.File("empty")).FullName);
            Assert.Contains("input", outcome.Stderr);
        }

        [Fact]
        public void Run_TruncatedInputFile_ExitsThree()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path);
            string input = Path.Combine(dir.Path, "test_data_set_0", "input_0.pb");
            var bytes = File.ReadAllBytes(input);
            File.WriteAllBytes(input, bytes[..(bytes.Length - 7)]);
            var outcome = CliRunner.Expect(ExitCodes.Failure, "run", model, "--data", Path.Combine(dir.Path, "test_data_set_0"));
            Assert.Contains("input_0.pb", outcome.Stderr);
        }

        [Fact]
        public void Run_UnsupportedModel_ExitsTwo()
        {
            using var dir = new TempDir();
            string model = dir.File("bad.onnx");
            File.WriteAllBytes(model, TinyModels.ThreeUnsupportedOps());
            var outcome = CliRunner.Expect(ExitCodes.CompileProblems, "run", model, "--data", dir.Path);
            Assert.Contains("error MG0101", outcome.Stderr);
        }

        [SharedDataFact]
        public void Run_TflmSine_Passes()
        {
            var outcome = CliRunner.Expect(ExitCodes.Success, "run", SharedData.Model("tflm-hello-world-sine"), "--data", SharedData.DataSet("tflm-hello-world-sine"));
            CliRunner.AssertNoGeneratedCodeWarnings(outcome);
            Assert.Contains("max abs err", outcome.Stdout);
            Assert.Contains("dims: N=", outcome.Stdout);
        }

        [SharedDataFact]
        public void Run_Mnist_Passes()
        {
            var outcome = CliRunner.Expect(ExitCodes.Success, "run", SharedData.Model("mnist-8"), "--data", SharedData.DataSet("mnist-8"));
            CliRunner.AssertNoGeneratedCodeWarnings(outcome);
            Assert.Contains("output 0 'Plus214_Output_0' float[1,10]", outcome.Stdout);
            Assert.Contains("max rel err", outcome.Stdout);
        }

        [SharedDataFact]
        public void Run_Mnist_ZeroToleranceAgainstAnotherRuntime_ExitsOne()
        {
            // The reference outputs came from another runtime; float sums in a different order never match bit for bit.
            var outcome = CliRunner.Expect(ExitCodes.OutsideTolerance, "run", SharedData.Model("mnist-8"), "--data", SharedData.DataSet("mnist-8"), "--rtol", "0", "--atol", "0");
            Assert.Contains("FAIL", outcome.Stdout);
        }
    }
}
