// Local Entra ID + Azure DevOps stand-in. See README.md in this folder.
return 0;
