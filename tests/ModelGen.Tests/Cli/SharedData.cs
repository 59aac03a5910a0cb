using System.IO;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Cli
{
    /// <summary>Paths of the shared models the CLI tests run (see <see cref="TestPaths"/>; tests use <see cref="SharedDataFactAttribute"/>).</summary>
    internal static class SharedData
    {
        public static string Model(string name) => Path.Combine(TestPaths.SharedModel(name), "model.onnx");

        public static string DataSet(string name, int index = 0) => Path.Combine(TestPaths.SharedModel(name), "test_data_set_" + index);
    }
}
