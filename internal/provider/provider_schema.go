package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type providerModel struct {
	Region      types.String `tfsdk:"region"`
	ProjectID   types.String `tfsdk:"project_id"`
	ProjectName types.String `tfsdk:"project_name"`
	AuthURL     types.String `tfsdk:"auth_url"`
	Endpoint    types.String `tfsdk:"endpoint"`
	CBREndpoint types.String `tfsdk:"cbr_endpoint"`
	UserName    types.String `tfsdk:"user_name"`
	Password    types.String `tfsdk:"password"`
	DomainName  types.String `tfsdk:"domain_name"`
	Token       types.String `tfsdk:"token"`
	AccessKey   types.String `tfsdk:"access_key"`
	SecretKey   types.String `tfsdk:"secret_key"`
	SecurityTok types.String `tfsdk:"security_token"`
	Cloud       types.String `tfsdk:"cloud"`
	Insecure    types.Bool   `tfsdk:"insecure"`
	CACertFile  types.String `tfsdk:"cacert_file"`
	CertFile    types.String `tfsdk:"cert_file"`
	KeyFile     types.String `tfsdk:"key_file"`
	MaxRetries  types.Int64  `tfsdk:"max_retries"`
	RefreshList types.Bool   `tfsdk:"refresh_from_list"`
}

func (p *vbsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	str := func(s setting, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Sensitive: s.sensitive, MarkdownDescription: s.describe(), Validators: validators}
	}
	notEmpty := stringvalidator.LengthAtLeast(1)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads backup shares of the Volume Backup Service (VBS) on Huawei Cloud and Open Telekom Cloud. " +
			"Every attribute is optional and falls back to the environment variable named in its description; a value in the configuration wins.",
		Attributes: map[string]schema.Attribute{
			settingRegion.attr:      str(settingRegion, notEmpty),
			settingProjectID.attr:   str(settingProjectID, notEmpty),
			settingProjectName.attr: str(settingProjectName, notEmpty),
			settingAuthURL.attr:     str(settingAuthURL, httpURL{}),
			settingEndpoint.attr:    str(settingEndpoint, httpURL{regionTemplate: true}),
			settingCBREndpoint.attr: str(settingCBREndpoint, httpURL{regionTemplate: true}),
			settingUserName.attr:    str(settingUserName, notEmpty),
			settingPassword.attr:    str(settingPassword, notEmpty),
			settingDomainName.attr:  str(settingDomainName, notEmpty),
			settingToken.attr:       str(settingToken, notEmpty),
			settingAccessKey.attr:   str(settingAccessKey, notEmpty),
			settingSecretKey.attr:   str(settingSecretKey, notEmpty),
			settingSecurityTok.attr: str(settingSecurityTok, notEmpty),
			settingCloud.attr:       str(settingCloud, notEmpty),
			settingInsecure.attr:    schema.BoolAttribute{Optional: true, MarkdownDescription: settingInsecure.describe()},
			settingCACertFile.attr:  str(settingCACertFile, notEmpty),
			settingCertFile.attr:    str(settingCertFile, notEmpty),
			settingKeyFile.attr:     str(settingKeyFile, notEmpty),
			settingRefreshList.attr: schema.BoolAttribute{Optional: true, MarkdownDescription: settingRefreshList.describe()},
			settingMaxRetries.attr: schema.Int64Attribute{
				Optional: true, MarkdownDescription: settingMaxRetries.describe(),
				Validators: []validator.Int64{int64validator.Between(0, 100)},
			},
		},
	}
}
