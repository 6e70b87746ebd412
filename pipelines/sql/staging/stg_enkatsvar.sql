-- Survey answers in long form, one row per response and question (utvardering_*.xlsx).
with source as (select * from raw.enkatsvar),
final as (
    select cast(utvardering as integer) as utvardering, cast(svars_id as integer) as svars_id,
           cast(starttid as timestamp) as starttid, cast(sluttid as timestamp) as sluttid,
           kommun_angiven, cast(kommunkod as varchar) as kommunkod,
           cast(respondent as varchar) as respondent, cast(roll as varchar) as roll, cast(forum as varchar) as forum,
           fraga_id, svar, _fil, _blad, _rad
    from source
)
select * from final
