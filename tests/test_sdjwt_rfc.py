"""RFC 9901's own examples (values copied from the RFC text, line breaks removed).

Issuer key: RFC 9901 appendix A.5. Each presentation must verify and process
to the Processed SD-JWT Payload the RFC prints after it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao.sdjwt import digest, make_disclosure, parse_disclosure

# RFC 9901 appendix A.5.
ISSUER_JWK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ",
    "y": "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8",
}
HOLDER_JWK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
    "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ",
}
# KB-JWT payloads of sections 5.2, A.3 and A.4: nonce, aud, iat.
NONCE = "1234567890"
AUD = "https://verifier.example.org"
NOW = datetime.fromtimestamp(1748537243, UTC)


def _join(text: str) -> str:
    return "".join(text.split())


# Section 5.2: SD-JWT+KB disclosing family_name, address, given_name and one nationality.
SECTION_5_2 = """
    eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImV4YW1wbGUrc2Qtand0In0.eyJfc2QiOiBb
    IkNyUWU3UzVrcUJBSHQtbk1ZWGdjNmJkdDJTSDVhVFkxc1VfTS1QZ2tqUEkiLCAiSnpZ
    akg0c3ZsaUgwUjNQeUVNZmVadTZKdDY5dTVxZWhabzdGN0VQWWxTRSIsICJQb3JGYnBL
    dVZ1Nnh5bUphZ3ZrRnNGWEFiUm9jMkpHbEFVQTJCQTRvN2NJIiwgIlRHZjRvTGJnd2Q1
    SlFhSHlLVlFaVTlVZEdFMHc1cnREc3JaemZVYW9tTG8iLCAiWFFfM2tQS3QxWHlYN0tB
    TmtxVlI2eVoyVmE1TnJQSXZQWWJ5TXZSS0JNTSIsICJYekZyendzY002R242Q0pEYzZ2
    Vks4QmtNbmZHOHZPU0tmcFBJWmRBZmRFIiwgImdiT3NJNEVkcTJ4Mkt3LXc1d1BFemFr
    b2I5aFYxY1JEMEFUTjNvUUw5Sk0iLCAianN1OXlWdWx3UVFsaEZsTV8zSmx6TWFTRnpn
    bGhRRzBEcGZheVF3TFVLNCJdLCAiaXNzIjogImh0dHBzOi8vaXNzdWVyLmV4YW1wbGUu
    Y29tIiwgImlhdCI6IDE2ODMwMDAwMDAsICJleHAiOiAxODgzMDAwMDAwLCAic3ViIjog
    InVzZXJfNDIiLCAibmF0aW9uYWxpdGllcyI6IFt7Ii4uLiI6ICJwRm5kamtaX1ZDem15
    VGE2VWpsWm8zZGgta284YUlLUWM5RGxHemhhVllvIn0sIHsiLi4uIjogIjdDZjZKa1B1
    ZHJ5M2xjYndIZ2VaOGtoQXYxVTFPU2xlclAwVmtCSnJXWjAifV0sICJfc2RfYWxnIjog
    InNoYS0yNTYiLCAiY25mIjogeyJqd2siOiB7Imt0eSI6ICJFQyIsICJjcnYiOiAiUC0y
    NTYiLCAieCI6ICJUQ0FFUjE5WnZ1M09IRjRqNFc0dmZTVm9ISVAxSUxpbERsczd2Q2VH
    ZW1jIiwgInkiOiAiWnhqaVdXYlpNUUdIVldLVlE0aGJTSWlyc1ZmdWVjQ0U2dDRqVDlG
    MkhaUSJ9fX0.ow2VRoOnXDjBhV-c2XUX9zWmHhbd5hao3xa39DfE4UX_wlsBlh5KBsmK
    eDd59GgpIbWFIomQWRy3A4L-St_6aQ~WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgI
    mZhbWlseV9uYW1lIiwgIkRvZSJd~WyJBSngtMDk1VlBycFR0TjRRTU9xUk9BIiwgImFk
    ZHJlc3MiLCB7InN0cmVldF9hZGRyZXNzIjogIjEyMyBNYWluIFN0IiwgImxvY2FsaXR5
    IjogIkFueXRvd24iLCAicmVnaW9uIjogIkFueXN0YXRlIiwgImNvdW50cnkiOiAiVVMi
    fV0~WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd
    ~WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIlVTIl0~eyJhbGciOiAiRVMyNTYiLCA
    idHlwIjogImtiK2p3dCJ9.eyJub25jZSI6ICIxMjM0NTY3ODkwIiwgImF1ZCI6ICJodH
    RwczovL3ZlcmlmaWVyLmV4YW1wbGUub3JnIiwgImlhdCI6IDE3NDg1MzcyNDMsICJzZF
    9oYXNoIjogIkczSTh6LWNGTUFUQUsyZXA4TVhXay12bmpJM1g2LWFhaFllVTlUdnp6M0
    UifQ.PqD8kiTmgP5PDvnRB8PzuzHYU5hH8bEw88jFN9aT5a5CblBjVcFig044UoWeJU6
    cUqBPAXVh0XAL8of4_Sp71g
"""

# Appendix A.1: structured address, decoy digests; region and country disclosed, no KB.
APPENDIX_A1 = """
    eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImV4YW1wbGUrc2Qtand0In0.eyJfc2QiOiBb
    IkM5aW5wNllvUmFFWFI0Mjd6WUpQN1FyazFXSF84YmR3T0FfWVVyVW5HUVUiLCAiS3Vl
    dDF5QWEwSElRdlluT1ZkNTloY1ZpTzlVZzZKMmtTZnFZUkJlb3d2RSIsICJNTWxkT0ZG
    ekIyZDB1bWxtcFRJYUdlcmhXZFVfUHBZZkx2S2hoX2ZfOWFZIiwgIlg2WkFZT0lJMnZQ
    TjQwVjd4RXhad1Z3ejd5Um1MTmNWd3Q1REw4Ukx2NGciLCAiWTM0em1JbzBRTExPdGRN
    cFhHd2pCZ0x2cjE3eUVoaFlUMEZHb2ZSLWFJRSIsICJmeUdwMFdUd3dQdjJKRFFsbjFs
    U2lhZW9iWnNNV0ExMGJRNTk4OS05RFRzIiwgIm9tbUZBaWNWVDhMR0hDQjB1eXd4N2ZZ
    dW8zTUhZS08xNWN6LVJaRVlNNVEiLCAiczBCS1lzTFd4UVFlVTh0VmxsdE03TUtzSVJU
    ckVJYTFQa0ptcXhCQmY1VSJdLCAiaXNzIjogImh0dHBzOi8vaXNzdWVyLmV4YW1wbGUu
    Y29tIiwgImlhdCI6IDE2ODMwMDAwMDAsICJleHAiOiAxODgzMDAwMDAwLCAiYWRkcmVz
    cyI6IHsiX3NkIjogWyI2YVVoelloWjdTSjFrVm1hZ1FBTzN1MkVUTjJDQzFhSGhlWnBL
    bmFGMF9FIiwgIkF6TGxGb2JrSjJ4aWF1cFJFUHlvSnotOS1OU2xkQjZDZ2pyN2ZVeW9I
    emciLCAiUHp6Y1Z1MHFiTXVCR1NqdWxmZXd6a2VzRDl6dXRPRXhuNUVXTndrclEtayIs
    ICJiMkRrdzBqY0lGOXJHZzhfUEY4WmN2bmNXN3p3Wmo1cnlCV3ZYZnJwemVrIiwgImNQ
    WUpISVo4VnUtZjlDQ3lWdWIyVWZnRWs4anZ2WGV6d0sxcF9KbmVlWFEiLCAiZ2xUM2hy
    U1U3ZlNXZ3dGNVVEWm1Xd0JUdzMyZ25VbGRJaGk4aEdWQ2FWNCIsICJydkpkNmlxNlQ1
    ZWptc0JNb0d3dU5YaDlxQUFGQVRBY2k0MG9pZEVlVnNBIiwgInVOSG9XWWhYc1poVkpD
    TkUyRHF5LXpxdDd0NjlnSkt5NVFhRnY3R3JNWDQiXX0sICJfc2RfYWxnIjogInNoYS0y
    NTYifQ.WWmFzrc3IRJFnvpmKGw_g9jYWnZxyZ7bGvZHkLI8159HJl8y-BBZ2K09bnMkm
    6QWlxLYpUIbolRHK75Jxk-SWw~WyJHMDJOU3JRZmpGWFE3SW8wOXN5YWpBIiwgInJlZ2
    lvbiIsICJcdTZlMmZcdTUzM2EiXQ~WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgImN
    vdW50cnkiLCAiSlAiXQ~
"""

# Appendix A.3: SD-JWT VC (typ dc+sd-jwt), recursive age_equal_or_over, with KB.
APPENDIX_A3 = """
    eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImRjK3NkLWp3dCJ9.eyJfc2QiOiBbIjBIWm1
    uU0lQejMzN2tTV2U3QzM0bC0tODhnekppLWVCSjJWel9ISndBVGciLCAiMUNybjAzV21
    VZVJXcDR6d1B2dkNLWGw5WmFRcC1jZFFWX2dIZGFHU1dvdyIsICIycjAwOWR6dkh1VnJ
    XclJYVDVrSk1tSG5xRUhIbldlME1MVlp3OFBBVEI4IiwgIjZaTklTRHN0NjJ5bWxyT0F
    rYWRqZEQ1WnVsVDVBMjk5Sjc4U0xoTV9fT3MiLCAiNzhqZzc3LUdZQmVYOElRZm9FTFB
    5TDBEWVBkbWZabzBKZ1ZpVjBfbEtDTSIsICI5MENUOEFhQlBibjVYOG5SWGtlc2p1MWk
    wQnFoV3FaM3dxRDRqRi1xREdrIiwgIkkwMGZjRlVvRFhDdWNwNXl5MnVqcVBzc0RWR2F
    XTmlVbGlOel9hd0QwZ2MiLCAiS2pBWGdBQTlONVdIRUR0UkloNHU1TW4xWnNXaXhoaFd
    BaVgtQTRRaXdnQSIsICJMYWk2SVU2ZDdHUWFnWFI3QXZHVHJuWGdTbGQzejhFSWdfZnY
    zZk9aMVdnIiwgIkxlemphYlJxaVpPWHpFWW1WWmY4Uk1pOXhBa2QzX00xTFo4VTdFNHM
    zdTQiLCAiUlR6M3FUbUZOSGJwV3JyT01aUzQxRjQ3NGtGcVJ2M3ZJUHF0aDZQVWhsTSI
    sICJXMTRYSGJVZmZ6dVc0SUZNanBTVGIxbWVsV3hVV2Y0Tl9vMmxka2tJcWM4IiwgIld
    UcEk3UmNNM2d4WnJ1UnBYemV6U2JrYk9yOTNQVkZ2V3g4d29KM2oxY0UiLCAiX29oSlZ
    JUUlCc1U0dXBkTlM0X3c0S2IxTUhxSjBMOXFMR3NoV3E2SlhRcyIsICJ5NTBjemMwSVN
    DaHlfYnNiYTFkTW9VdUFPUTVBTW1PU2ZHb0VlODF2MUZVIl0sICJpc3MiOiAiaHR0cHM
    6Ly9waWQtaXNzdWVyLmJ1bmQuZGUuZXhhbXBsZSIsICJpYXQiOiAxNjgzMDAwMDAwLCA
    iZXhwIjogMTg4MzAwMDAwMCwgInZjdCI6ICJ1cm46ZXVkaTpwaWQ6ZGU6MSIsICJfc2R
    fYWxnIjogInNoYS0yNTYiLCAiY25mIjogeyJqd2siOiB7Imt0eSI6ICJFQyIsICJjcnY
    iOiAiUC0yNTYiLCAieCI6ICJUQ0FFUjE5WnZ1M09IRjRqNFc0dmZTVm9ISVAxSUxpbER
    sczd2Q2VHZW1jIiwgInkiOiAiWnhqaVdXYlpNUUdIVldLVlE0aGJTSWlyc1ZmdWVjQ0U
    2dDRqVDlGMkhaUSJ9fX0.faxhsvoEKQ8spuwclkzyHKwRAAzYnIu6MSVLgIuzRJ1cccT
    jRp4bdSmYxmY2EB-F7-7UdnPANNL4j6JW-F8_gA~WyJlSzVvNXBIZmd1cFBwbHRqMXFo
    QUp3IiwgImFnZV9lcXVhbF9vcl9vdmVyIiwgeyJfc2QiOiBbIjF0RWl5elBSWU9Lc2Y3
    U3NZR01nUFpLc09UMWxRWlJ4SFhBMHI1X0J3a2siLCAiQ1ZLbmx5NVA5MHlKczNFd3R4
    UWlPdFVjemFYQ1lOQTRJY3pSYW9ock1EZyIsICJhNDQtZzJHcjhfM0FtSncyWFo4a0kx
    eTBRel96ZTlpT2NXMlczUkxwWEdnIiwgImdrdnkwRnV2QkJ2ajBoczJaTnd4Y3FPbGY4
    bXUyLWtDRTctTmIyUXh1QlUiLCAiaHJZNEhubUY1YjVKd0M5ZVR6YUZDVWNlSVFBYUlk
    aHJxVVhRTkNXYmZaSSIsICJ5NlNGclZGUnlxNTBJYlJKdmlUWnFxalFXejB0TGl1Q21N
    ZU8wS3FhekdJIl19XQ~WyJPQktsVFZsdkxnLUFkd3FZR2JQOFpBIiwgIjE4IiwgdHJ1Z
    V0~WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIm5hdGlvbmFsaXRpZXMiLCBbIkRFI
    l1d~eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImtiK2p3dCJ9.eyJub25jZSI6ICIxMjM
    0NTY3ODkwIiwgImF1ZCI6ICJodHRwczovL3ZlcmlmaWVyLmV4YW1wbGUub3JnIiwgIml
    hdCI6IDE3NDg1MzcyNDMsICJzZF9oYXNoIjogIjQtQU5pZVFLcGFDSDlYRExpanp0dm1
    KQ25vRkliZG9JMXpRbDcyQ1lFeHMifQ.ntC_25hVM0v4VO-fjqNBE74gl0AyCoxQjvfF
    Dl5DrmVPeTkrVdmCdkF3nFGPh8Ob3CZWv5-WGdDbp1JOFXAH8g
"""

# Appendix A.4: a W3C VCDM payload secured with SD-JWT, with KB.
APPENDIX_A4 = """
    eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImV4YW1wbGUrc2Qtand0In0.eyJAY29udGV4
    dCI6IFsiaHR0cHM6Ly93d3cudzMub3JnLzIwMTgvY3JlZGVudGlhbHMvdjEiLCAiaHR0
    cHM6Ly93M2lkLm9yZy92YWNjaW5hdGlvbi92MSJdLCAidHlwZSI6IFsiVmVyaWZpYWJs
    ZUNyZWRlbnRpYWwiLCAiVmFjY2luYXRpb25DZXJ0aWZpY2F0ZSJdLCAiaXNzdWVyIjog
    Imh0dHBzOi8vZXhhbXBsZS5jb20vaXNzdWVyIiwgImlzc3VhbmNlRGF0ZSI6ICIyMDIz
    LTAyLTA5VDExOjAxOjU5WiIsICJleHBpcmF0aW9uRGF0ZSI6ICIyMDI4LTAyLTA4VDEx
    OjAxOjU5WiIsICJuYW1lIjogIkNPVklELTE5IFZhY2NpbmF0aW9uIENlcnRpZmljYXRl
    IiwgImRlc2NyaXB0aW9uIjogIkNPVklELTE5IFZhY2NpbmF0aW9uIENlcnRpZmljYXRl
    IiwgImNyZWRlbnRpYWxTdWJqZWN0IjogeyJfc2QiOiBbIjFWX0stOGxEUThpRlhCRlhi
    Wlk5ZWhxUjRIYWJXQ2k1VDB5Ykl6WlBld3ciLCAiSnpqTGd0UDI5ZFAtQjN0ZDEyUDY3
    NGdGbUsyenk4MUhNdEJnZjZDSk5XZyIsICJSMmZHYmZBMDdaX1lsa3FtTlp5bWExeHl5
    eDFYc3RJaVM2QjFZYmwySlo0IiwgIlRDbXpybDdLMmdldl9kdTdwY01JeXpSTEhwLVll
    Zy1GbF9jeHRyVXZQeGciLCAiVjdrSkJMSzc4VG1WRE9tcmZKN1p1VVBIdUtfMmNjN3la
    UmE0cVYxdHh3TSIsICJiMGVVc3ZHUC1PRERkRm9ZNE5semxYYzN0RHNsV0p0Q0pGNzVO
    dzhPal9nIiwgInpKS19lU01YandNOGRYbU1aTG5JOEZHTTA4ekozX3ViR2VFTUotNVRC
    eTAiXSwgInZhY2NpbmUiOiB7Il9zZCI6IFsiMWNGNWhMd2toTU5JYXFmV0pyWEk3Tk1X
    ZWRMLTlmNlkyUEE1MnlQalNaSSIsICJIaXk2V1d1ZUxENWJuMTYyOTh0UHY3R1hobWxk
    TURPVG5CaS1DWmJwaE5vIiwgIkxiMDI3cTY5MWpYWGwtakM3M3ZpOGViT2o5c214M0Mt
    X29nN2dBNFRCUUUiXSwgInR5cGUiOiAiVmFjY2luZSJ9LCAicmVjaXBpZW50IjogeyJf
    c2QiOiBbIjFsU1FCTlkyNHEwVGg2T0d6dGhxLTctNGw2Y0FheHJZWE9HWnBlV19sbkEi
    LCAiM256THE4MU0yb04wNndkdjFzaEh2T0VKVnhaNUtMbWREa0hFREpBQldFSSIsICJQ
    bjFzV2kwNkc0TEpybm4tX1JUMFJiTV9IVGR4blBKUXVYMmZ6V3ZfSk9VIiwgImxGOXV6
    ZHN3N0hwbEdMYzcxNFRyNFdPN01HSnphN3R0N1FGbGVDWDRJdHciXSwgInR5cGUiOiAi
    VmFjY2luZVJlY2lwaWVudCJ9LCAidHlwZSI6ICJWYWNjaW5hdGlvbkV2ZW50In0sICJf
    c2RfYWxnIjogInNoYS0yNTYiLCAiY25mIjogeyJqd2siOiB7Imt0eSI6ICJFQyIsICJj
    cnYiOiAiUC0yNTYiLCAieCI6ICJUQ0FFUjE5WnZ1M09IRjRqNFc0dmZTVm9ISVAxSUxp
    bERsczd2Q2VHZW1jIiwgInkiOiAiWnhqaVdXYlpNUUdIVldLVlE0aGJTSWlyc1ZmdWVj
    Q0U2dDRqVDlGMkhaUSJ9fX0.qmeQbxVxO-DgJdqIRe_QC3HGWmu3vUCandDFK2lPBSlT
    kFKwDBkZjc6bM31unzp9FMJq3ys7x25FLXC7mcgw1Q~WyJQYzMzSk0yTGNoY1VfbEhnZ
    3ZfdWZRIiwgIm9yZGVyIiwgIjMvMyJd~WyJBSngtMDk1VlBycFR0TjRRTU9xUk9BIiwg
    ImRhdGVPZlZhY2NpbmF0aW9uIiwgIjIwMjEtMDYtMjNUMTM6NDA6MTJaIl0~WyIyR0xD
    NDJzS1F2ZUNmR2ZyeU5STjl3IiwgImF0Y0NvZGUiLCAiSjA3QlgwMyJd~WyJlbHVWNU9
    nM2dTTklJOEVZbnN4QV9BIiwgIm1lZGljaW5hbFByb2R1Y3ROYW1lIiwgIkNPVklELTE
    5IFZhY2NpbmUgTW9kZXJuYSJd~eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImtiK2p3dC
    J9.eyJub25jZSI6ICIxMjM0NTY3ODkwIiwgImF1ZCI6ICJodHRwczovL3ZlcmlmaWVyL
    mV4YW1wbGUub3JnIiwgImlhdCI6IDE3NDg1MzcyNDMsICJzZF9oYXNoIjogIkFoMW1ra
    Xh0em9FR1JmM0QybUNfQkowcU9FbHZyQlFZNVM0RlV4TXYtakEifQ.nTGV7BVJSHskB5
    uOcMzoOZHQW0rB5OGovXT5klsquLE7nzL38LoUhsttYG-84ibz9XOduxFhD-1VKqCTyP
    fpnw
"""


def _verify(text: str, *, kb: bool = True) -> ds.VerifiedSDJWT:
    return ds.verify_sd_jwt(
        _join(text),
        nonce=NONCE if kb else None,
        audience=AUD if kb else None,
        require_key_binding=kb,
        issuer_key=ISSUER_JWK,
        now=NOW,
    )


def test_section_4_2_1_disclosure_and_4_2_3_digest() -> None:
    # Section 4.2.1: ["_26bc4LT-ac6q2KI6cBW5es", "family_name", "Möbius"].
    d = parse_disclosure("WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0")
    assert (d.salt, d.name, d.value) == ("_26bc4LT-ac6q2KI6cBW5es", "family_name", "Möbius")
    # Section 4.2.3: its digest.
    assert d.digest == "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"
    # The other encodings of section 4.2.1 decode to the same claim, with other digests.
    for variant in (
        "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNXHUwMGY2Yml1cyJd",
        "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsImZhbWlseV9uYW1lIiwiTcO2Yml1cyJd",
        "WwoiXzI2YmM0TFQtYWM2cTJLSTZjQlc1ZXMiLAoiZmFtaWx5X25hbWUiLAoiTcO2Yml1cyIKXQ",
    ):
        other = parse_disclosure(variant)
        assert (other.salt, other.name, other.value) == (d.salt, d.name, d.value)
        assert other.digest != d.digest


def test_section_4_2_2_array_element_disclosure() -> None:
    # Section 4.2.2: ["lklxF5jMYlGTPUovMNIvCA", "FR"].
    d = parse_disclosure("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0")
    assert (d.salt, d.name, d.value) == ("lklxF5jMYlGTPUovMNIvCA", None, "FR")
    assert d.is_array_element
    # Section 4.2.4.2 embeds its digest as {"...": "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs"}.
    assert d.digest == "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs"


def test_make_disclosure_round_trips() -> None:
    d = make_disclosure("_26bc4LT-ac6q2KI6cBW5es", "family_name", "Möbius")
    assert parse_disclosure(d.encoded) == d
    assert d.digest == digest(d.encoded)


def test_section_5_2_presentation() -> None:
    v = _verify(SECTION_5_2)
    # Section 5.2, Processed SD-JWT Payload.
    assert v.claims == {
        "iss": "https://issuer.example.com",
        "iat": 1683000000,
        "exp": 1883000000,
        "sub": "user_42",
        "nationalities": ["US"],
        "cnf": {"jwk": HOLDER_JWK},
        "family_name": "Doe",
        "address": {
            "street_address": "123 Main St",
            "locality": "Anytown",
            "region": "Anystate",
            "country": "US",
        },
        "given_name": "John",
    }
    # Section 5.2, KB-JWT payload.
    assert v.key_binding == {
        "nonce": NONCE,
        "aud": AUD,
        "iat": 1748537243,
        "sd_hash": "G3I8z-cFMATAK2ep8MXWk-vnjI3X6-aahYeU9Tvzz3E",
    }


def test_appendix_a1_presentation_with_decoys() -> None:
    v = _verify(APPENDIX_A1, kb=False)
    # Appendix A.1, Processed SD-JWT Payload.
    assert v.claims == {
        "iss": "https://issuer.example.com",
        "iat": 1683000000,
        "exp": 1883000000,
        "address": {"region": "港区", "country": "JP"},
    }


def test_appendix_a3_sd_jwt_vc() -> None:
    v = _verify(APPENDIX_A3)
    assert v.typ == "dc+sd-jwt"
    assert v.vct == "urn:eudi:pid:de:1"
    # Appendix A.3, Processed SD-JWT Payload.
    assert v.claims == {
        "iss": "https://pid-issuer.bund.de.example",
        "iat": 1683000000,
        "exp": 1883000000,
        "vct": "urn:eudi:pid:de:1",
        "cnf": {"jwk": HOLDER_JWK},
        "age_equal_or_over": {"18": True},
        "nationalities": ["DE"],
    }
    assert v.key_binding is not None
    assert v.key_binding["sd_hash"] == "4-ANieQKpaCH9XDLijztvmJCnoFIbdoI1zQl72CYExs"


def test_appendix_a4_w3c_payload() -> None:
    v = _verify(APPENDIX_A4)
    # Appendix A.4, Processed SD-JWT Payload.
    assert v.claims == {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/vaccination/v1",
        ],
        "type": ["VerifiableCredential", "VaccinationCertificate"],
        "issuer": "https://example.com/issuer",
        "issuanceDate": "2023-02-09T11:01:59Z",
        "expirationDate": "2028-02-08T11:01:59Z",
        "name": "COVID-19 Vaccination Certificate",
        "description": "COVID-19 Vaccination Certificate",
        "credentialSubject": {
            "vaccine": {
                "type": "Vaccine",
                "atcCode": "J07BX03",
                "medicinalProductName": "COVID-19 Vaccine Moderna",
            },
            "recipient": {"type": "VaccineRecipient"},
            "type": "VaccinationEvent",
            "order": "3/3",
            "dateOfVaccination": "2021-06-23T13:40:12Z",
        },
        "cnf": {"jwk": HOLDER_JWK},
    }


def test_rfc_presentation_replayed_elsewhere_is_refused() -> None:
    with pytest.raises(errors.KeyBindingError):
        ds.verify_sd_jwt(
            _join(SECTION_5_2),
            nonce=NONCE,
            audience="https://other.example.org",
            issuer_key=ISSUER_JWK,
            now=NOW,
        )
