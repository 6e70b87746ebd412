-- The optional invitation list (data/raw/utskick.csv): invited per utvärdering, kommun and role.
with source as (select * from raw.utskick),
final as (
    select cast(utvardering as integer) as utvardering, cast(kommunkod as varchar) as kommunkod,
           cast(roll as varchar) as roll, cast(antal_inbjudna as integer) as antal_inbjudna
    from source
)
select * from final
