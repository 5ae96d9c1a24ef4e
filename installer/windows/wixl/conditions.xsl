<?xml version="1.0" encoding="utf-8"?>
<!--
  The Condition= of the components of installer/windows/Package.wxs as msibuild SQL, one statement a
  line, because wixl 0.101 builds no component condition (see twin.xsl):
    xsltproc installer/windows/wixl/conditions.xsl installer/windows/Package.wxs > conditions.sql
  tests/Wine/msi.sh runs each line with msibuild -q after wixl.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:w="http://wixtoolset.org/schemas/v4/wxs">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="/">
    <xsl:for-each select="//w:Component[@Condition]">
      <xsl:if test="contains(@Condition, &quot;'&quot;) or contains(@Condition, '&#10;')">
        <xsl:message terminate="yes">conditions.xsl: <xsl:value-of select="@Id"/>'s condition must fit one SQL string (no ' or line break)</xsl:message>
      </xsl:if>
      <xsl:text>UPDATE Component SET Condition = '</xsl:text><xsl:value-of select="@Condition"/>
      <xsl:text>' WHERE Component = '</xsl:text><xsl:value-of select="@Id"/><xsl:text>'&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
