namespace GitEntraHelper.Tests;
