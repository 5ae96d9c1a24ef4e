// Reads its standard input to the end, as a credential helper must, and exits 0 with no output.
using Stream input = Console.OpenStandardInput();
byte[] buffer = new byte[4096];
while (input.Read(buffer) > 0)
{
}
